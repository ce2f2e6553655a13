package io.herald.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmark: {@code BenchMain <full|smoke> [--servers herald,ws,socketio,tyrus]
 * [--scenarios fanout,channels,idle,churn,slow] [--pin true|false] [--docs DIR] [--markdown FILE]}:
 * servers also herald-redis, herald-redis-2nodes, herald-tomcat, tomcat-bare (not in the default list).
 *
 * <p>Each scenario runs against every server before the next scenario starts, so all servers are measured
 * in the same session under the same conditions. {@code full} writes docs/benchmarks.md and the charts;
 * {@code smoke} checks that every scenario works against every server at tiny sizes, and exits 1 if not.
 */
public final class BenchMain {
    static final List<String> ALL_SCENARIOS = List.of("fanout", "channels", "idle", "churn", "slow");

    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: BenchMain <full|smoke> [--servers a,b] [--scenarios a,b] [--pin true|false]");
            System.exit(2);
        }
        Args args = new Args(Arrays.copyOfRange(argv, 1, argv.length));
        Profile profile = Profile.named(argv[0]).with(args);
        List<Server.Kind> servers = new ArrayList<>();
        for (String id : args.str("servers", "herald,ws,socketio,tyrus,nio").split(",")) {
            servers.add(Server.Kind.of(id));
        }
        List<String> scenarios = List.of(args.str("scenarios", String.join(",", ALL_SCENARIOS)).split(","));
        boolean pin = Boolean.parseBoolean(args.str("pin", "true"));
        BenchEnv env = BenchEnv.detect(pin);
        PrintStream log = System.out;
        long started = System.nanoTime();
        log.printf("Herald benchmark, profile %s: servers %s, scenarios %s, %d cores, pinning %s%n", profile.name(),
                servers, scenarios, BenchEnv.CORES,
                pin ? "servers on CPU 0, load generator on CPU 1" : "off");
        log.println("profile: " + profile);

        Results results = new Results();
        Runner runner = new Runner(env, profile, new Scenarios(env, profile, log), results, log,
                profile.name().equals("smoke"));
        // servers and subscriber processes never outlive the run, also when it is interrupted
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
        // interleaved: every scenario runs in rounds, each round every server once, the order reversed every other
        // round, so slow drifts of the shared machine hit all servers alike; idle (memory, not CPU) runs once
        Scenarios perRound = runner.scenarios();
        for (String scenario : scenarios) {
            int rounds = scenario.equals("idle") ? 1 : profile.rounds();
            for (int round = 1; round <= rounds; round++) {
                perRound.round(round);
                List<Server.Kind> order = new ArrayList<>(servers);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                if (rounds > 1) {
                    log.printf("%n=== %s, round %d of %d: %s%n", scenario, round, rounds, order);
                }
                for (Server.Kind kind : order) {
                    runner.run(scenario, kind);
                }
            }
        }
        runner.close();
        double minutes = (System.nanoTime() - started) / 60e9;
        log.printf("%nrun took %.1f min%n", minutes);
        if (!results.fanouts.isEmpty()) {
            String md = Variants.markdown(results);
            log.println();
            log.print(md);
            String file = args.str("markdown", null);
            if (file != null) {
                java.nio.file.Files.writeString(Path.of(file), md);
                log.println("wrote " + file);
            }
        }
        if (profile.name().equals("full") && Boolean.parseBoolean(args.str("write", "true"))) {
            Path docs = Path.of(args.str("docs", env.repo().resolve("docs").toString()));
            new Report(results, profile, env, minutes).write(docs);
            log.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("bench/*.png"));
        }
        System.exit(Smoke.verdict(results, servers, scenarios, profile, log) ? 0 : 1);
    }
}
