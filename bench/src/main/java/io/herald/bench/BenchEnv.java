package io.herald.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where things are and how processes are placed. With {@code pin}, servers run on CPU 0 and the load
 * generator (this process is placed by run.sh, the subscriber processes here) on CPU 1, so a server
 * never competes with its own load for a core.
 */
record BenchEnv(Path repo, Path bench, Path logDir, boolean pin, String serverHeap) {
    /** The machine's cores (from /proc/stat: this JVM itself may be pinned to one). */
    static final int CORES = cores();

    private static int cores() {
        try {
            int n = (int) Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.matches("cpu[0-9]+ .*")).count();
            return Math.max(1, n);
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static BenchEnv detect(boolean pin) throws IOException {
        Path bench = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
        Path repo = bench.getParent();
        Path logs = bench.resolve("target/logs");
        Files.createDirectories(logs);
        return new BenchEnv(repo, bench, logs, pin, "2g");
    }

    List<String> serverPrefix() {
        return pin ? List.of("taskset", "-c", "0") : List.of();
    }

    List<String> generatorPrefix() {
        return pin ? List.of("taskset", "-c", "1") : List.of();
    }

    String benchClasspath() {
        return bench.resolve("target/classes") + File.pathSeparator + bench.resolve("target/lib") + File.separator + "*";
    }
}
