package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from /proc (Linux). */
final class ProcStats {
    /** USER_HZ; 100 on every Linux this kit runs on. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** User + system CPU seconds of {@code pid} so far, or 0 when it is gone. */
    static double cpuSeconds(long pid) {
        return Math.max(0, cpuTicks(pid)) / TICKS_PER_SECOND;
    }

    /** User + system CPU ticks of {@code pid} so far, or -1 when it is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name may contain spaces: fields are counted after the closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The machine's CPU counters so far, in seconds summed over all cores: busy (user, nice, system, irq,
     * softirq), steal (time the hypervisor gave this guest's runnable CPUs to someone else) and total.
     */
    record Machine(double busy, double steal, double total) {
        Machine minus(Machine earlier) {
            return new Machine(busy - earlier.busy, steal - earlier.steal, total - earlier.total);
        }

        /** The hypervisor's share of this interval's CPU time (0 for an empty interval). */
        double stealShare() {
            return total <= 0 ? 0 : steal / total;
        }
    }

    static Machine machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            long total = 0;
            long steal = 0;
            // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 8) {
                    steal = v;
                } else if (i != 4 && i != 5) {
                    busy += v;
                }
            }
            return new Machine(busy / TICKS_PER_SECOND, steal / TICKS_PER_SECOND, total / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new Machine(0, 0, 0);
        }
    }

    /** Resident set size of {@code pid} in bytes, or 0 when it is gone. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
