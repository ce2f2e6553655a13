package io.herald.bench;

import java.io.PrintStream;
import java.util.List;

/** The run's verdict: every scenario produced a result for every server, with everything delivered. */
final class Smoke {
    private Smoke() {
    }

    static boolean verdict(Results r, List<Server.Kind> servers, List<String> scenarios, Profile profile,
                           PrintStream log) {
        int checks = 0;
        int failed = r.failures.size();
        for (Results.Fanout f : r.fanouts) {
            checks++;
            // a functional check: some rung of the ladder delivered everything; how high it got is the full run's business
            if (f.steps().stream().noneMatch(Step::pass)) {
                failed++;
                log.println("check failed: " + f.scenario() + " on " + f.server().id + " delivered no step in full");
            }
        }
        for (Results.Idle i : r.idles) {
            checks++;
            if (i.connections() < profile.idleConnections()) {
                failed++;
                log.println("check failed: idle on " + i.server().id + " connected " + i.connections());
            }
        }
        for (Results.Churn c : r.churns) {
            checks++;
            if (c.cycles() == 0) {
                failed++;
                log.println("check failed: churn on " + c.server().id + " completed no cycle");
            }
        }
        for (Results.Slow s : r.slows) {
            checks++;
            if (s.step().delivered() == 0) {
                failed++;
                log.println("check failed: slow on " + s.server().id + " delivered nothing to the others");
            }
        }
        boolean ok = failed == 0 && checks > 0;
        log.printf("BENCH %s %s: %d checks over %d servers x %d scenarios, %d problems%n", profile.name(),
                ok ? "OK" : "FAILED", checks, servers.size(), scenarios.size(), failed);
        return ok;
    }
}
