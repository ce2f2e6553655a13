package io.herald.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (from the PATH) on a free loopback port, started by a test. No
 * persistence unless asked: a restart comes back empty, as after losing a Redis without disks.
 * If {@code redis-server} is not installed the test fails; it is never skipped.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    /** Servers still running when the test JVM exits (a teardown that failed half-way) die with it. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "redis-server-reaper"));
    }

    private final int port;
    private final Path dir;
    private final boolean persistent;
    private final List<String> extra;
    private Process process;

    private RedisServer(int port, Path dir, boolean persistent, List<String> extra) {
        this.port = port;
        this.dir = dir;
        this.persistent = persistent;
        this.extra = extra;
    }

    /** Starts an empty, non-persistent Redis. */
    public static RedisServer start() throws IOException {
        return start(false);
    }

    /** @param persistent keep data across {@link #stop()}/{@link #restart()} (append-only file, fsync always) */
    public static RedisServer start(boolean persistent) throws IOException {
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("herald-redis"), persistent, List.of());
        server.launch();
        return server;
    }

    /** Starts an empty Redis with extra {@code redis-server} arguments (e.g. a TLS port). */
    public static RedisServer start(List<String> extraArgs) throws IOException {
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("herald-redis"), false,
                List.copyOf(extraArgs));
        server.launch();
        return server;
    }

    /** Starts an empty Redis that requires {@code password} (AUTH). */
    public static RedisServer withPassword(String password) throws IOException {
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("herald-redis"), false,
                List.of("--requirepass", password));
        server.launch();
        return server;
    }

    /** Starts an empty Redis replicating {@code master}. */
    public static RedisServer replicaOf(RedisServer master) throws IOException {
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("herald-redis"), false,
                List.of("--replicaof", "127.0.0.1", String.valueOf(master.port())));
        server.launch();
        return server;
    }

    /** Starts a Sentinel (the same binary in sentinel mode) watching {@code master} as {@code name}. */
    public static RedisServer sentinel(RedisServer master, String name) throws IOException {
        int port = freePort();
        Path dir = Files.createTempDirectory("herald-sentinel");
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + port, "bind 127.0.0.1", "protected-mode no", "dir " + dir,
                "sentinel monitor " + name + " 127.0.0.1 " + master.port() + " 1",
                "sentinel down-after-milliseconds " + name + " 1000",
                "sentinel failover-timeout " + name + " 5000", ""));
        RedisServer server = new RedisServer(port, dir, false, List.of(conf.toString(), "--sentinel"));
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * A loopback port that is free now, for a server that is told its port (redis-server, nginx, a node
     * restarted on its address). Drawn below Linux's ephemeral range (32768+): a port the kernel hands
     * out there can be taken as the local port of any outgoing connection before the server binds it,
     * which on a busy machine happens (seen as "Address already in use").
     */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free loopback port between 20000 and 32000");
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary()));
        if (extra.contains("--sentinel")) {
            command.addAll(extra); // sentinel mode: everything is in its config file
        } else {
            command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning",
                    "--dir", dir.toString()));
            command.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always")
                    : List.of("--appendonly", "no"));
            command.addAll(extra);
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        RUNNING.add(process);
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains("NOAUTH")) {
                    return; // up, and asking for the password
                }
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited with " + process.exitValue() + ": "
                            + Files.readString(dir.resolve("redis.log")));
                }
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("redis-server did not answer PING on port " + port + " within " + START_WAIT);
            }
            sleep(20);
        }
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("redis-server is not on the PATH; the Redis tests need a real Redis"
                + " (Debian/Ubuntu: apt-get install -y redis-server)");
    }

    /** Kills the process at once (SIGKILL): connections drop, nothing is saved. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server did not die");
        }
        RUNNING.remove(process);
    }

    /**
     * Starts Redis again on the same port: empty, or with its data if persistent. Retries for a few
     * seconds if the port is briefly taken (clients reconnecting to a free loopback port can occupy it
     * with a self-connected socket).
     */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                launch();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    /** Freezes the process (SIGSTOP): connections stay open but nothing answers. */
    public void pause() throws Exception {
        signal("-STOP");
    }

    public void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill " + signal + " failed");
        }
    }

    /** Runs one command over a fresh connection; returns the reply as text (arrays joined by newlines). */
    public String command(String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static String reply(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> throw new IOException("Redis error: " + line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(reply(in));
                }
                return String.join("\n", items);
            }
            default -> throw new IOException("unexpected Redis reply type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            s.append((char) c);
        }
        in.read();
        return s.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server and deletes its directory (log, append-only file). */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
