package io.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The command lines of the server processes: Herald standalone, the peers, a Redis for the Redis broker,
 * and a Tomcat 11 with one WAR deployed. Every process runs on the server's CPU (see {@link BenchEnv}) and
 * logs to bench/target/logs.
 */
final class Launch {
    private Launch() {
    }

    static Process plain(Server.Kind kind, BenchEnv env, int port, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(env.serverPrefix());
        switch (kind) {
            case HERALD -> {
                return herald(env, port, env.bench().resolve("config/herald-bench.json"), log, env.serverHeap());
            }
            case TYRUS -> cmd.addAll(List.of("java", "-Xms256m", "-Xmx" + env.serverHeap(), "-XX:+UseG1GC",
                    "-cp", env.benchClasspath(), "io.herald.bench.peer.TyrusBroadcastServer", Integer.toString(port)));
            case NIO -> cmd.addAll(List.of("java", "-Xms256m", "-Xmx" + env.serverHeap(), "-XX:+UseG1GC",
                    "-cp", env.benchClasspath(), "io.herald.bench.peer.NioBroadcastServer", Integer.toString(port)));
            case WS -> cmd.addAll(List.of("node", "--expose-gc", env.bench().resolve("peers/ws-server.js").toString(),
                    Integer.toString(port)));
            case SOCKETIO -> cmd.addAll(List.of("node", "--expose-gc",
                    env.bench().resolve("peers/sio-server.js").toString(), Integer.toString(port)));
            case SOKETI -> {
                // one app, the one the Pusher-protocol clients and PusherApiWire use (key bench-key)
                cmd.addAll(List.of("node", env.bench().resolve("peers/soketi/node_modules/@soketi/soketi/bin/server.js")
                        .toString(), "start"));
                return run(env, cmd, log, Map.of("SOKETI_PORT", Integer.toString(port), "SOKETI_HOST", "127.0.0.1",
                        "SOKETI_DEFAULT_APP_ID", "bench", "SOKETI_DEFAULT_APP_KEY", "bench-key",
                        "SOKETI_DEFAULT_APP_SECRET", "bench-secret", "SOKETI_METRICS_ENABLED", "false",
                        "SOKETI_METRICS_SERVER_PORT", Integer.toString(Ports.free()), "SOKETI_DEBUG", "false"));
            }
            default -> throw new IllegalArgumentException(kind.id + " is not a plain process");
        }
        return run(env, cmd, log);
    }

    /**
     * The collector of Herald processes ({@code G1GC}, {@code ParallelGC}, {@code SerialGC}): BENCH_HERALD_GC, else
     * G1; {@link CpuCost} sets it per entry ({@code herald:ParallelGC}) to compare collectors in one run.
     */
    static volatile String heraldGc = System.getenv().getOrDefault("BENCH_HERALD_GC", "G1GC");

    static Process herald(BenchEnv env, int port, Path config, Path log, String heap) throws IOException {
        List<String> cmd = new ArrayList<>(env.serverPrefix());
        cmd.addAll(List.of("java", "-Xms256m", "-Xmx" + heap, "-XX:+Use" + heraldGc));
        String extra = System.getenv("BENCH_HERALD_JVM");
        if (extra != null && !extra.isBlank()) {
            // BENCH_HERALD_JVM="-Xlog:gc:file=/tmp/gc.log ...": more JVM options for every Herald process (diagnosis)
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        String jfr = System.getenv("BENCH_JFR");
        if (jfr != null && !jfr.isBlank()) {
            // BENCH_JFR=<dir>: a JFR profile of every Herald process, written when it stops
            cmd.add("-XX:StartFlightRecording=filename=" + Path.of(jfr).resolve("herald-" + port + ".jfr")
                    + ",settings=profile,jdk.ExecutionSample#period=1ms,dumponexit=true");
        }
        String agent = System.getenv("BENCH_ASPROF");
        if (agent != null && !agent.isBlank()) {
            // BENCH_ASPROF=<libasyncProfiler.so>:<dir>: CPU stacks of every Herald process (native and kernel
            // frames too, which JFR's execution samples leave out), collapsed, written when it stops
            int split = agent.lastIndexOf(':');
            cmd.add("-agentpath:" + agent.substring(0, split) + "=start,event=itimer,interval=1ms,collapsed,file="
                    + Path.of(agent.substring(split + 1)).resolve("herald-" + port + ".collapsed"));
        }
        cmd.addAll(List.of(
                "-Djava.util.logging.config.file=" + env.bench().resolve("config/logging.properties"),
                "-jar", env.repo().resolve("target/herald.war").toString(),
                "--config", config.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port)));
        return run(env, cmd, log);
    }

    /** A throwaway Redis: no persistence, loopback only. */
    static Process redis(BenchEnv env, int port) throws IOException {
        List<String> cmd = new ArrayList<>(env.serverPrefix());
        cmd.addAll(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
        return run(env, cmd, env.logDir().resolve("redis-" + port + ".log"));
    }

    /** The bench config with one Pusher app ({@code bench}, key {@code bench-key}) for the Pusher-protocol clients. */
    static Path pusherConfig(BenchEnv env) throws IOException {
        String base = Files.readString(env.bench().resolve("config/herald-bench.json"), StandardCharsets.UTF_8);
        int brace = base.indexOf('{');
        String json = base.substring(0, brace + 1) + "\n  \"pusher\": { \"apps\": [\"bench:bench-key:bench-secret\"] },"
                + "\n  \"auth\": { \"hmacSecret\": \"bench-subscription-secret-0123456789abcdef\" },"
                + base.substring(brace + 1);
        Path file = env.logDir().resolve("herald-pusher.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    /** The bench config with the Redis broker on {@code redisPort}. */
    static Path redisConfig(BenchEnv env, int redisPort) throws IOException {
        String base = Files.readString(env.bench().resolve("config/herald-bench.json"), StandardCharsets.UTF_8);
        int brace = base.indexOf('{');
        String json = base.substring(0, brace + 1) + "\n  \"broker\": \"redis\",\n  \"redis\": { \"shards\": [\"redis://127.0.0.1:"
                + redisPort + "\"] }," + base.substring(brace + 1);
        Path file = env.logDir().resolve("herald-redis-" + redisPort + ".json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Tomcat 11 from the distribution bench/pom.xml unpacks, with its own CATALINA_BASE (one HTTP connector
     * on {@code port}, no shutdown port) and {@code war} deployed at {@code /context}. Runs in the foreground
     * as one JVM, so its pid is the one measured and destroying it stops Tomcat.
     */
    static Process tomcat(BenchEnv env, int port, String context, Path war, Path log) throws IOException {
        Path home = tomcatHome(env);
        Path base = env.bench().resolve("target/catalina/" + context + "-" + port);
        clearOld(base.getParent(), context + "-");
        Files.createDirectories(base.resolve("conf"));
        for (String dir : List.of("webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        for (String f : List.of("web.xml", "catalina.properties", "context.xml")) {
            Files.copy(home.resolve("conf/" + f), base.resolve("conf/" + f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(base.resolve("conf/server.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000"
                               maxConnections="30000" acceptCount="1024"/>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(port), StandardCharsets.UTF_8);
        if (!Files.isRegularFile(war)) {
            throw new IOException("no " + war + " (built by run.sh)");
        }
        Files.copy(war, base.resolve("webapps/" + context + ".war"));
        List<String> cmd = new ArrayList<>(env.serverPrefix());
        cmd.addAll(List.of("java", "-Xms256m", "-Xmx" + env.serverHeap(), "-XX:+UseG1GC",
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Dherald.config=" + env.bench().resolve("config/herald-bench.json"),
                "-Djava.util.logging.config.file=" + env.bench().resolve("config/logging.properties"),
                "-cp", home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        return run(env, cmd, log);
    }

    /** A started GlassFish and the HTTP port of its domain. */
    record Started(Process process, int port) {
    }

    /**
     * GlassFish 7 from the distribution bench/pom.xml unpacks, in a fresh domain (its own port range, found
     * free) with {@code war} autodeployed at {@code /context}. Started through {@code startserv}, which
     * execs the server JVM: its pid is the one measured and destroying it stops GlassFish.
     */
    static Started glassfish(BenchEnv env, String context, Path war, Path log) throws IOException, InterruptedException {
        Path home = containerHome(env, "glassfish-7", "glassfish7/glassfish/bin/startserv").resolve("glassfish7/glassfish");
        Path domains = env.bench().resolve("target/glassfish-domains");
        Files.createDirectories(domains);
        int base = Ports.freeRange(100);
        String name = context + "-" + base;
        clearOld(domains, context + "-");
        Process create = new ProcessBuilder(home.resolve("bin/asadmin").toString(), "create-domain", "--nopassword=true",
                "--portbase", Integer.toString(base), "--domaindir", domains.toString(), name)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!create.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || create.exitValue() != 0) {
            create.destroyForcibly();
            throw new IOException("asadmin create-domain failed; see " + log);
        }
        Path domain = domains.resolve(name);
        // same heap as the other JVM servers; Herald's per-connection INFO lines off, as standalone
        Path xml = domain.resolve("config/domain.xml");
        Files.writeString(xml, Files.readString(xml).replace("<jvm-options>-Xmx512m</jvm-options>",
                "<jvm-options>-Xmx" + env.serverHeap() + "</jvm-options><jvm-options>-Xms256m</jvm-options>"));
        Files.writeString(domain.resolve("config/logging.properties"), "\nio.herald.level=WARNING\n",
                java.nio.file.StandardOpenOption.APPEND);
        if (!Files.isRegularFile(war)) {
            throw new IOException("no " + war + " (built by run.sh)");
        }
        Files.copy(war, domain.resolve("autodeploy/" + context + ".war"));
        List<String> cmd = new ArrayList<>(env.serverPrefix());
        cmd.addAll(List.of(home.resolve("bin/startserv").toString(), "--domaindir", domains.toString(), name));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("HERALD_CONFIG", env.bench().resolve("config/herald-bench.json").toString());
        pb.directory(env.repo().toFile());
        return new Started(pb.start(), base + 80);
    }

    private static Path tomcatHome(BenchEnv env) throws IOException {
        return containerHome(env, "apache-tomcat-11", "bin/bootstrap.jar");
    }

    private static Path containerHome(BenchEnv env, String prefix, String marker) throws IOException {
        Path containers = env.bench().resolve("target/containers");
        if (Files.isDirectory(containers)) {
            try (Stream<Path> s = Files.list(containers)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p.resolve(marker))) {
                        return p;
                    }
                }
            }
        }
        throw new IOException("no " + prefix + " under " + containers + " (bench/pom.xml unpacks it on package)");
    }

    /**
     * Deletes the earlier runs' directories for this context (a variant runs one process at a time, and
     * a GlassFish domain takes ~100 MB), never another variant's, which may be running in a smoke.
     */
    private static void clearOld(Path parent, String prefix) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Process run(BenchEnv env, List<String> cmd, Path log) throws IOException {
        return run(env, cmd, log, Map.of());
    }

    private static Process run(BenchEnv env, List<String> cmd, Path log, Map<String, String> environment)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.directory(env.repo().toFile());
        pb.environment().putAll(environment);
        return pb.start();
    }
}
