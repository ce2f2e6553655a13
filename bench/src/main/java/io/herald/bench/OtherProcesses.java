package io.herald.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The CPU of every process on the machine that is not the kit's own (this JVM and its descendants: servers,
 * subscriber processes, Redis, containers), kernel threads included: a snapshot of their cumulative ticks, read
 * from the same per-process counters as the server's and the generator's CPU.
 *
 * <p>Why not the machine's busy time from /proc/stat minus ours: the kernel keeps the two sets of counters
 * separately (per CPU by tick, per task by runtime, scaled), so over a 1.5 s step their difference swung by up to
 * half a core either way with nothing else running (2026-12-07: +74 then -52 ticks in consecutive 1.5 s samples),
 * and clamped at zero it read as "other processes 20-80%" and marked quiet steps disturbed.
 */
final class OtherProcesses {
    private final Map<Long, Long> ticks;

    private OtherProcesses(Map<Long, Long> ticks) {
        this.ticks = ticks;
    }

    /** The current ticks of every process that is not the kit's. */
    static OtherProcesses now() {
        Set<Long> ours = new HashSet<>();
        ProcessHandle self = ProcessHandle.current();
        ours.add(self.pid());
        self.descendants().forEach(p -> ours.add(p.pid()));
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (!ours.contains(pid)) {
                    long t = ProcStats.cpuTicks(pid);
                    if (t >= 0) {
                        ticks.put(pid, t);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new OtherProcesses(Map.of());
        }
        return new OtherProcesses(ticks);
    }

    /**
     * CPU seconds the other processes used since {@code earlier}: the growth of every process seen both times,
     * plus the whole life of every process that started in between. A process that started and ended in between is
     * not seen (a short command; the kit's own {@code jcmd} and {@code ss} are descendants, hence not counted).
     */
    double secondsSince(OtherProcesses earlier) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : ticks.entrySet()) {
            Long before = earlier.ticks.get(e.getKey());
            sum += before == null ? e.getValue() : Math.max(0, e.getValue() - before);
        }
        return sum / ProcStats.TICKS_PER_SECOND;
    }
}
