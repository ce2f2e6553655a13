package io.herald.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Herald node in its own JVM ({@code StandaloneMain} on the test class path), so a test can kill it
 * like a crashed machine (SIGKILL): no shutdown hook, no goodbye to Redis. Output goes to a log file
 * whose path failures print.
 */
public final class HeraldNode implements AutoCloseable {
    /** Bound on a node's start; generous because the soak starts its nodes beside two fuzzing JVMs. */
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("Herald listening on http://[^:]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Nodes still running when the test JVM exits (a teardown that failed half-way) die with it. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "herald-node-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final String apiKey;
    private final int port;

    private HeraldNode(String name, Process process, Path log, String apiKey, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.apiKey = apiKey;
        this.port = port;
    }

    /**
     * Starts a node with the given config document (merged over the defaults) on an ephemeral loopback
     * port and waits until it listens.
     */
    public static HeraldNode start(String name, String configJson, String apiKey) throws IOException {
        return start(name, configJson, apiKey, 0);
    }

    /** As {@link #start(String, String, String)} on a given port: a node restarted where its clients knew it. */
    public static HeraldNode start(String name, String configJson, String apiKey, int requestedPort) throws IOException {
        Path dir = Files.createTempDirectory("herald-node-" + name);
        Path config = dir.resolve("config.json");
        Files.writeString(config, configJson);
        Path log = dir.resolve("node.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss512k", "-cp", System.getProperty("java.class.path"), "io.herald.standalone.StandaloneMain",
                "--config", config.toString(), "--host", "127.0.0.1", "--port", Integer.toString(requestedPort)))
                .redirectErrorStream(true).start();
        RUNNING.add(process);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> copyOutput(process, log, listening), "node-output-" + name);
        pump.setDaemon(true);
        pump.start();
        try {
            int port = listening.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return new HeraldNode(name, process, log, apiKey, port);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("node " + name + " did not start within " + START_WAIT + "; log: " + log
                    + "\n" + tail(log), e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Integer> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    listening.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        } finally {
            listening.completeExceptionally(new IOException("node exited"));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Calls the HTTP API with the node's API key; bounded by a 10 s request timeout. */
    public HttpResponse<String> api(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + apiKey);
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /health}: 200 ready, 503 not ready. */
    public int health() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Kills the JVM at once (SIGKILL), like a machine that lost power. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + name + " did not die");
        }
    }

    /** Stops the node gracefully (SIGTERM: clients get 1001). */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
