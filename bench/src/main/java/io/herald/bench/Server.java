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
        TYRUS("tyrus", "simple", "Tyrus 2.1 / Grizzly (bare broadcast)"),
        NIO("nio", "simple", "bare Java NIO broadcast (this box's ceiling)"),
        HERALD_PUSHER("herald-pusher", "pusher", "Herald (standalone), Pusher protocol clients on /app/{key}"),
        HERALD_PUSHER_API("herald-pusher-api", "pusher-api",
                "Herald (standalone), Pusher protocol clients, events through the Pusher HTTP API"),
        SOKETI("soketi", "pusher-api", "Soketi 1.6 (Pusher protocol on uWebSockets.js), events through its HTTP API"),
        HERALD_REDIS("herald-redis", "herald", "Herald (standalone, Redis broker, one node)"),
        HERALD_REDIS_2NODES("herald-redis-2nodes", "herald",
                "Herald (Redis broker, 2 nodes: publisher on A, subscribers on B)"),
        HERALD_TOMCAT("herald-tomcat", "herald", "Herald on Tomcat 11"),
        TOMCAT_BARE("tomcat-bare", "simple", "Tomcat 11 (bare broadcast, one send in flight)"),
        HERALD_GLASSFISH("herald-glassfish", "herald", "Herald on GlassFish 7"),
        GLASSFISH_BARE("glassfish-bare", "simple", "GlassFish 7 (bare broadcast, one send in flight)");

        /**
         * The columns of docs/benchmarks.md, in order (its table headers name exactly these); the container
         * and Redis variants are reported by {@link Variants}.
         */
        static final List<Kind> DOCUMENTED = List.of(HERALD, WS, SOCKETIO, TYRUS, NIO);

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
            throw new IllegalArgumentException("unknown server " + id + " (herald, ws, socketio, tyrus, nio, herald-pusher, herald-pusher-api, soketi, herald-redis,"
                    + " herald-redis-2nodes, herald-tomcat, tomcat-bare, herald-glassfish, glassfish-bare)");
        }

        boolean isJava() {
            return this != WS && this != SOCKETIO && this != SOKETI;
        }
    }

    final Kind kind;
    /** Where the publisher connects. */
    final int port;
    /** Where the subscribers connect: {@link #port} except across nodes. */
    final int subscriberPort;
    /** Context path of the WebSocket endpoint ("" = the root, "/herald" in a servlet container). */
    final String prefix;
    private final Process process;
    /** Processes that serve with the measured one (Redis, the publisher's node): counted in CPU and RSS. */
    private final List<Process> helpers;
    private final Path log;
    private int histograms;

    private Server(Kind kind, int port, int subscriberPort, String prefix, Process process, List<Process> helpers,
                   Path log) {
        this.kind = kind;
        this.port = port;
        this.subscriberPort = subscriberPort;
        this.prefix = prefix;
        this.process = process;
        this.helpers = helpers;
        this.log = log;
    }

    static Server start(Kind kind, BenchEnv env, int port) throws IOException, InterruptedException {
        Path log = env.logDir().resolve(kind.id + "-" + port + ".log");
        List<Process> helpers = new ArrayList<>();
        try {
            switch (kind) {
                case HERALD_REDIS, HERALD_REDIS_2NODES -> {
                    int redisPort = Ports.free();
                    helpers.add(Launch.redis(env, redisPort));
                    Path config = Launch.redisConfig(env, redisPort);
                    if (kind == Kind.HERALD_REDIS) {
                        return started(new Server(kind, port, port, "",
                                Launch.herald(env, port, config, log, "2g"), helpers, log));
                    }
                    // node A takes the publisher, node B (measured) the subscribers; both on the same Redis
                    int portB = Ports.free();
                    Path logA = env.logDir().resolve(kind.id + "-A-" + port + ".log");
                    Process nodeA = Launch.herald(env, port, config, logA, "1g");
                    helpers.add(nodeA);
                    awaitListening(nodeA, port, "/health", kind.id + " node A", logA);
                    return started(new Server(kind, port, portB, "",
                            Launch.herald(env, portB, config, log, "1g"), helpers, log));
                }
                case HERALD_PUSHER, HERALD_PUSHER_API -> {
                    return started(new Server(kind, port, port, "",
                            Launch.herald(env, port, Launch.pusherConfig(env), log, "2g"), helpers, log));
                }
                case HERALD_TOMCAT -> {
                    return started(new Server(kind, port, port, "/herald",
                            Launch.tomcat(env, port, "herald", env.repo().resolve("target/herald.war"), log),
                            helpers, log));
                }
                case TOMCAT_BARE -> {
                    return started(new Server(kind, port, port, "/bare",
                            Launch.tomcat(env, port, "bare", env.bench().resolve("target/bare-broadcast.war"), log),
                            helpers, log));
                }
                case HERALD_GLASSFISH, GLASSFISH_BARE -> {
                    boolean herald = kind == Kind.HERALD_GLASSFISH;
                    Launch.Started gf = Launch.glassfish(env, herald ? "herald" : "bare",
                            herald ? env.repo().resolve("target/herald.war") : env.bench().resolve("target/bare-broadcast.war"),
                            log);
                    return started(new Server(kind, gf.port(), gf.port(), herald ? "/herald" : "/bare", gf.process(),
                            helpers, log));
                }
                default -> {
                    return started(new Server(kind, port, port, "", Launch.plain(kind, env, port, log), helpers, log));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            helpers.forEach(Server::stop);
            throw e;
        }
    }

    private static Server started(Server server) throws IOException, InterruptedException {
        // a servlet container binds its port before the WAR is deployed: wait for the app itself
        String ready = server.prefix.isEmpty() ? null : server.prefix + (server.kind.wire.equals("herald") ? "/health" : "/");
        try {
            awaitListening(server.process, server.subscriberPort, ready, server.kind.id, server.log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Waits until {@code port} accepts connections and, with a {@code path}, answers it with a 2xx. */
    static void awaitListening(Process process, int port, String path, String what, Path log)
            throws IOException, InterruptedException {
        Duration timeout = Duration.ofSeconds(120);
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(what + " exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (path == null) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
                continue;
            }
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5)).build();
                int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
            } catch (IOException notYet) {
                // deploying
            }
            Thread.sleep(200);
        }
        throw new IOException(what + " was not ready on " + port + (path == null ? "" : path) + " within " + timeout
                + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    /** CPU time of the server side: the measured process and its helpers (Redis, the other node). */
    double cpuSeconds() {
        double sum = ProcStats.cpuSeconds(process.pid());
        for (Process p : helpers) {
            sum += ProcStats.cpuSeconds(p.pid());
        }
        return sum;
    }

    long rssBytes() {
        long sum = ProcStats.rssBytes(process.pid());
        for (Process p : helpers) {
            sum += ProcStats.rssBytes(p.pid());
        }
        return sum;
    }

    boolean isAlive() {
        return process.isAlive() && helpers.stream().allMatch(Process::isAlive);
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
            java.nio.file.Files.writeString(log.resolveSibling(log.getFileName() + ".histo-" + histograms + ".txt"), out);
            heapDump(histograms++);
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

    /**
     * With {@code BENCH_HEAPDUMP=<dir>}, a heap dump of live objects beside each histogram
     * ({@code <dir>/<server>-<port>-<n>.hprof}): which objects hold the retained bytes, not only their classes.
     */
    private void heapDump(int n) throws IOException, InterruptedException {
        String dir = System.getenv("BENCH_HEAPDUMP");
        if (dir == null || dir.isBlank()) {
            return;
        }
        java.nio.file.Path file = java.nio.file.Path.of(dir).toAbsolutePath()
                .resolve(kind.id + "-" + port + "-" + n + ".hprof");
        java.nio.file.Files.createDirectories(file.getParent());
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), "GC.heap_dump", file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        jcmd.waitFor(120, TimeUnit.SECONDS);
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
        stop(process);
        helpers.forEach(Server::stop);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
