package io.herald.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * Starts server processes and runs one scenario against one of them. In smoke mode a server process is
 * reused across scenarios (seconds matter there); in full mode every scenario gets a fresh process, so no
 * scenario inherits another's heap or warm-up.
 */
final class Runner implements AutoCloseable {
    private final BenchEnv env;
    private final Profile profile;
    private final Scenarios scenarios;
    private final Results results;
    private final PrintStream log;
    private final boolean reuse;
    private final Map<Server.Kind, Server> running = new EnumMap<>(Server.Kind.class);

    Runner(BenchEnv env, Profile profile, Scenarios scenarios, Results results, PrintStream log, boolean reuse) {
        this.env = env;
        this.profile = profile;
        this.scenarios = scenarios;
        this.results = results;
        this.log = log;
        this.reuse = reuse;
    }

    Scenarios scenarios() {
        return scenarios;
    }

    void run(String scenario, Server.Kind kind) {
        Server server = null;
        try {
            if (!reuse) {
                Scenarios.waitForQuiet(log); // full runs only: the smoke must stay short
            }
            server = server(kind);
            switch (scenario) {
                case "fanout" -> {
                    for (int n : profile.fanoutSubscribers()) {
                        for (int payload : profile.payloads()) {
                            results.fanouts.add(scenarios.fanout(server, n, payload));
                        }
                    }
                }
                case "channels" -> results.fanouts.add(scenarios.channels(server, profile.channelConnections(), 100));
                case "idle" -> results.idles.add(scenarios.idle(server, profile.idleConnections()));
                case "churn" -> results.churns.add(scenarios.churn(server, 32));
                case "slow" -> results.slows.add(scenarios.slow(server, profile.slowSubscribers(), 1024));
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            if (!server.isAlive()) {
                throw new IllegalStateException(kind.id + " died during " + scenario);
            }
        } catch (Exception e) {
            String msg = scenario + " on " + kind.id + ": " + e;
            log.println("  FAILED " + msg);
            results.failures.add(msg);
            if (server != null) {
                running.remove(kind);
                server.close();
                server = null;
            }
        } finally {
            if (!reuse && server != null) {
                running.remove(kind);
                server.close();
            }
        }
    }

    private Server server(Server.Kind kind) throws Exception {
        Server s = running.get(kind);
        if (s == null || !s.isAlive()) {
            s = Server.start(kind, env, Ports.free());
            running.put(kind, s);
            if (kind == Server.Kind.SOCKETIO && reuse) {
                officialClientCheck(s);
            }
        }
        return s;
    }

    /** The Socket.IO peer must also work with the official client, not only with the kit's. */
    private void officialClientCheck(Server s) throws Exception {
        Process p = new ProcessBuilder("node", env.bench().resolve("peers/sio-check.js").toString(),
                Integer.toString(s.port)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("socket.io-client check failed: " + out);
        }
        log.println("  " + out + " (official socket.io-client against the Socket.IO peer)");
    }

    @Override
    public synchronized void close() {
        running.values().forEach(Server::close);
        running.clear();
    }
}
