package io.herald.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, run as its own process: Herald standalone, or a peer. Knows how to start it,
 * how the load generator talks to it, and how to read its CPU time, RSS and retained heap.
 */
final class Server implements AutoCloseable {
    /** The kinds the kit can run; {@code wire} is the dialect its clients speak. */
    enum Kind {
        HERALD("herald", "herald", "Herald (standalone, Tyrus/Grizzly)"),
        WS("ws", "simple", "ws 8 (bare broadcast)"),
        SOCKETIO("socketio", "socketio", "Socket.IO 4.8 (rooms)"),
        TYRUS("tyrus", "simple", "Tyrus 2.1 / Grizzly (bare broadcast)");

        final String id;
        final String wire;
        final String label;

        Kind(String id, String wire, String label) {
            this.id = id;
            this.wire = wire;
            this.label = label;
        }

        static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown server " + id + " (herald, ws, socketio, tyrus)");
        }

        boolean isJava() {
            return this == HERALD || this == TYRUS;
        }
    }

    final Kind kind;
    final int port;
    private final Process process;
    private final Path log;
    private int histograms;

    private Server(Kind kind, int port, Process process, Path log) {
        this.kind = kind;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static Server start(Kind kind, BenchEnv env, int port) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(env.serverPrefix());
        switch (kind) {
            case HERALD -> cmd.addAll(List.of("java", "-Xms256m", "-Xmx" + env.serverHeap(), "-XX:+UseG1GC",
                    "-Djava.util.logging.config.file=" + env.bench().resolve("config/logging.properties"),
                    "-jar", env.repo().resolve("target/herald.war").toString(),
                    "--config", env.bench().resolve("config/herald-bench.json").toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port)));
            case TYRUS -> cmd.addAll(List.of("java", "-Xms256m", "-Xmx" + env.serverHeap(), "-XX:+UseG1GC",
                    "-cp", env.benchClasspath(), "io.herald.bench.peer.TyrusBroadcastServer", Integer.toString(port)));
            case WS -> cmd.addAll(List.of("node", "--expose-gc", env.bench().resolve("peers/ws-server.js").toString(),
                    Integer.toString(port)));
            case SOCKETIO -> cmd.addAll(List.of("node", "--expose-gc",
                    env.bench().resolve("peers/sio-server.js").toString(), Integer.toString(port)));
        }
        Path log = env.logDir().resolve(kind.id + "-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.directory(env.repo().toFile());
        Process process = pb.start();
        Server server = new Server(kind, port, process, log);
        server.awaitListening(Duration.ofSeconds(60));
        return server;
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(kind.id + " exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException(kind.id + " did not listen on " + port + " within " + timeout + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    double cpuSeconds() {
        return ProcStats.cpuSeconds(process.pid());
    }

    long rssBytes() {
        return ProcStats.rssBytes(process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Bytes retained after a full GC: for the JVMs the live-object total of {@code jcmd GC.class_histogram}
     * (which collects first); for Node {@code heapUsed + external} after {@code global.gc()}.
     */
    long retainedHeapBytes() throws IOException, InterruptedException {
        if (kind.isJava()) {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out;
            try (InputStream in = jcmd.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            jcmd.waitFor(60, TimeUnit.SECONDS);
            // kept beside the server log: which classes the retained bytes are (compare two of them)
            java.nio.file.Files.writeString(log.resolveSibling(log.getFileName() + ".histo-" + histograms++ + ".txt"), out);
            for (String line : out.split("\n")) {
                String t = line.trim();
                if (t.startsWith("Total")) {
                    String[] f = t.split("\\s+");
                    return Long.parseLong(f[2]);
                }
            }
            throw new IOException("no Total in jcmd output: " + out.substring(0, Math.min(300, out.length())));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__mem"))
                .timeout(Duration.ofSeconds(30)).build();
        String body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        return jsonLong(body, "heapUsed") + jsonLong(body, "external");
    }

    private static long jsonLong(String json, String key) {
        int i = json.indexOf("\"" + key + "\":");
        if (i < 0) {
            return 0;
        }
        int start = i + key.length() + 3;
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json.substring(start, end));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
