package io.herald.war;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A running {@code java -jar herald.war} (README command 1), its output collected line by line. */
final class WarProcess implements AutoCloseable {
    static final Pattern LISTENING = Pattern.compile("Herald listening on http://([^:]+):(\\d+)");

    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();
    private final Thread reader;

    WarProcess(String... args) throws IOException {
        this(List.of(), args);
    }

    /** @param jvmOptions options for the java command before {@code -jar} */
    WarProcess(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("herald.war", "target/herald.war")));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output closed: " + e + ">");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    Matcher awaitLine(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                all.add(line);
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no line matching " + pattern + " in: " + all);
    }

    int port() throws InterruptedException {
        return Integer.parseInt(awaitLine(LISTENING).group(2));
    }

    /** Waits (bounded) for the process to exit and returns its exit code; fails if it does not. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("herald still running " + within + " later; output: " + output());
        }
        return process.exitValue();
    }

    /** Everything printed; once the process has exited, up to its last line. */
    List<String> output() throws InterruptedException {
        if (!process.isAlive()) {
            reader.join(Duration.ofSeconds(5).toMillis()); // it ends at the end of the output
        }
        lines.drainTo(all);
        return List.copyOf(all);
    }

    /** Sends a signal by name ({@code TERM}, {@code INT}) as a service manager or Ctrl-C would. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("herald did not stop within 15 s of SIGTERM");
        }
    }
}
