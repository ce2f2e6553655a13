package io.herald.pusher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs one of the Node test files of {@code src/test/pusher-js} (its dependencies are installed by the
 * Maven build, {@code npm ci} in that folder) with the target server in the environment, and fails with
 * Node's report when any Node test fails.
 */
public final class NodeRun {
    public static final Path DIR = Path.of("src/test/pusher-js");

    private NodeRun() {
    }

    /** Runs {@code node --test file} with {@code env}; bounded by {@code timeoutSeconds}. */
    public static String run(String file, Map<String, String> env, long timeoutSeconds) throws Exception {
        assertTrue(Files.isDirectory(DIR.resolve("node_modules/pusher-js")),
                "pusher-js not installed: the build runs npm ci in " + DIR);
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-force-exit", "--test-reporter=spec", file));
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("pusher-js", ".log");
        pb.redirectOutput(log.toFile());
        Process process = pb.start();
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = read(log);
        System.out.println(output);
        assertTrue(done, "node did not finish within " + timeoutSeconds + " s:\n" + output);
        assertEquals(0, process.exitValue(), "pusher-js tests failed:\n" + output);
        return output;
    }

    private static String read(Path log) throws IOException {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
