package io.herald.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU cost per delivery at a fixed, moderate load, for A/B comparisons on a busy machine: a saturation search
 * needs a quiet box (other processes only ever lower it), but the server CPU seconds a delivery takes at a
 * load far below saturation moves much less with other load. Each entry is a server kind, or
 * {@code herald@<dir>} for Herald from {@code <dir>/target/herald.war} (e.g. a build of another branch), either
 * with {@code :<collector>} for Herald on another garbage collector ({@code herald:ParallelGC});
 * rounds are interleaved (the order reversed every other round), each in a fresh server process.
 *
 * <pre>
 * bench/run.sh class CpuCost --servers herald@/tmp/base,herald,ws,nio --rate 20000 --subscribers 1000 \
 *     --payload 100 --rounds 3 --warm-ms 4000 --step-ms 3000 --steps 3 [--group-size 10] [--churn true] \
 *     [--idle 5000] [--pin true]
 * </pre>
 * Without {@code --group-size} every subscriber is on one channel (fan-out); with {@code --group-size G} each
 * subscriber is on its own channel and on one of {@code subscribers/G} group channels, and publications go
 * round-robin over the groups (the kit's many-channels shape, {@code G} deliveries per publication).
 * Prints one line per step: microseconds of server CPU per delivery, p50/p99, other load and steal; with
 * {@code --churn true} the kit's churn scenario (server CPU per connect+subscribe), with {@code --idle N} its
 * idle scenario (retained heap per connection).
 */
public final class CpuCost {
    private CpuCost() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        PrintStream log = System.out;
        // --pin true: the server on CPU 0 and the subscribers on CPU 1, as in the full kit (the JVM then sees one core)
        BenchEnv base = BenchEnv.detect(Boolean.parseBoolean(args.str("pin", "false")));
        Profile profile = Profile.named("full").with(args);
        Scenarios scenarios = new Scenarios(base, profile, log);
        List<String> entries = List.of(args.str("servers", "herald,ws,nio").split(","));
        double rate = args.integer("rate", 20_000);
        int subscribers = args.integer("subscribers", 1000);
        int payload = args.integer("payload", 100);
        int rounds = args.integer("rounds", 3);
        long warm = args.integer("warm-ms", 4000);
        long stepMs = args.integer("step-ms", 3000);
        int steps = args.integer("steps", 3);
        boolean churn = Boolean.parseBoolean(args.str("churn", "false"));
        int idle = args.integer("idle", 0);
        int groupSize = args.integer("group-size", 0);
        int fan = groupSize > 0 ? groupSize : subscribers;
        int groups = groupSize > 0 ? subscribers / groupSize : 1;
        java.util.function.IntFunction<String> channelOf = groupSize > 0 ? k -> "b:g" + (k % groups) : k -> "b:all";
        String mode = groupSize > 0 ? "groups" : "fanout";
        List<String> modeArgs = groupSize > 0 ? List.of("--groupSize", String.valueOf(groupSize)) : List.of();
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(entries);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (String entry : order) {
                int colon = entry.indexOf(':');
                Launch.heraldGc = colon < 0 ? "G1GC" : entry.substring(colon + 1);
                String where = colon < 0 ? entry : entry.substring(0, colon);
                BenchEnv env = envFor(base, where);
                Server.Kind kind = Server.Kind.of(where.contains("@") ? where.substring(0, where.indexOf('@')) : where);
                try (Server server = Server.start(kind, env, Ports.free())) {
                    try (Workers w = Workers.start(env, server, profile.workerProcesses(), subscribers, mode, modeArgs);
                         Publisher p = new Publisher(server)) {
                        double publishRate = rate / fan;
                        p.run(publishRate, warm, payload, channelOf);
                        Thread.sleep(500);
                        for (int s = 0; s < steps; s++) {
                            long base0 = w.mark();
                            double cpu0 = server.cpuSeconds();
                            ProcStats.Machine m0 = ProcStats.machine();
                            long t0 = System.nanoTime();
                            Publisher.Sent sent = p.run(publishRate, stepMs, payload, channelOf);
                            long expected = sent.messages() * fan;
                            long deadline = System.nanoTime() + 2_000_000_000L;
                            while (System.nanoTime() < deadline && w.count() - base0 < expected) {
                                Thread.sleep(10);
                            }
                            double seconds = (System.nanoTime() - t0) / 1e9;
                            double cpu = server.cpuSeconds() - cpu0;
                            ProcStats.Machine m = ProcStats.machine().minus(m0);
                            Workers.Interval in = w.report();
                            double steal = m.stealShare();
                            log.printf("COST round=%d server=%s rate=%.0f delivered=%d/%d us/delivery=%.3f cpu=%.0f%%"
                                            + " p50=%.2f p99=%.2f machine-busy=%.0f%% steal=%.0f%%%n",
                                    round, entry, rate, in.messages(), expected, cpu * 1e6 / Math.max(1, in.messages()),
                                    cpu / seconds * 100, in.histogram().getValueAtPercentile(50) / 1000.0,
                                    in.histogram().getValueAtPercentile(99) / 1000.0, m.busy() / seconds * 100,
                                    steal * 100);
                        }
                    }
                    if (churn) {
                        Results.Churn c = scenarios.churn(server, 32);
                        log.printf("CHURN round=%d server=%s %.0f/s server-cpu=%.0f%% us-cpu/cycle=%.1f p50=%.2f p99=%.2f%n",
                                round, entry, c.perSecond(), c.serverCpu() * 100,
                                c.serverCpu() * 1e6 / Math.max(1, c.perSecond()), c.p50(), c.p99());
                    }
                }
                if (idle > 0) {
                    try (Server server = Server.start(kind, env, Ports.free())) {
                        Results.Idle r = scenarios.idle(server, idle);
                        log.printf("IDLE round=%d server=%s conns=%d heap/conn=%.0f rss/conn=%.0f%n", round, entry,
                                r.connections(), r.heapPerConnection(), r.rssPerConnection());
                    }
                }
            }
        }
    }

    private static BenchEnv envFor(BenchEnv base, String entry) {
        int at = entry.indexOf('@');
        return at < 0 ? base : new BenchEnv(Path.of(entry.substring(at + 1)), base.bench(), base.logDir(), base.pin(),
                base.serverHeap());
    }
}
