package io.herald.bench;

import java.util.ArrayList;
import java.util.List;

/** Everything one run measured, per server, in the order the scenarios ran. */
final class Results {
    /** One saturation search; {@code halfWs} is the step at half of ws's saturation (target 4), null if unknown. */
    record Fanout(Server.Kind server, String scenario, int subscribers, int payload, double saturation,
                  List<Step> steps, String note, int round, Step halfWs) {
        Step at(double offered) {
            for (Step s : steps) {
                if (Math.abs(s.offeredDeliveries() - offered) < 1) {
                    return s;
                }
            }
            return null;
        }
    }

    record Idle(Server.Kind server, int connections, long heapBefore, long heapAfter, long rssBefore,
                long rssAfter, String note) {
        double heapPerConnection() {
            return connections == 0 ? 0 : (heapAfter - heapBefore) / (double) connections;
        }

        double rssPerConnection() {
            return connections == 0 ? 0 : (rssAfter - rssBefore) / (double) connections;
        }
    }

    /** {@code steal} and {@code other}: the hypervisor's and other processes' shares of the machine meanwhile. */
    record Churn(Server.Kind server, double seconds, long cycles, long failures, double p50, double p99,
                 double serverCpu, double steal, double other, String note, int round) {
        double perSecond() {
            return cycles / seconds;
        }
    }

    /** One alternation of the slow-consumer scenario: the readers with 10% stalled, and the same load just before it with nobody stalled. */
    record SlowPair(Step with, Step without) {
        /** Readers' p99 with stalled clients over p99 without them. */
        double isolation() {
            return with.p99() / Math.max(0.001, without.p99());
        }
    }

    /**
     * One server's slow-consumer run in one round: {@code pairs} in the order they ran, on the same connections.
     * The heap is measured before the first stall and after the last.
     */
    record Slow(Server.Kind server, int subscribers, int slow, List<SlowPair> pairs, long heapBefore,
                long heapAfter, int openAfter, String note, int round) {
        /**
         * The pair with the median isolation (target 2: <= 1.2). One 12 s pair swung 0.2x-36x from round to round
         * on every server, the NIO ceiling included (2026-12-07), so one pair is no verdict.
         */
        SlowPair median() {
            List<SlowPair> sorted = new ArrayList<>(pairs);
            sorted.sort(java.util.Comparator.comparingDouble(SlowPair::isolation));
            return sorted.get((sorted.size() - 1) / 2);
        }

        double isolation() {
            return median().isolation();
        }

        /** The readers with stalled clients in the median pair. */
        Step step() {
            return median().with();
        }

        Step without() {
            return median().without();
        }
    }

    final List<Fanout> fanouts = new ArrayList<>();
    final List<Idle> idles = new ArrayList<>();
    final List<Churn> churns = new ArrayList<>();
    final List<Slow> slows = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    /** Every round's search of one cell on one server, in round order. */
    List<Fanout> fanouts(Server.Kind server, String scenario, int subscribers, int payload) {
        List<Fanout> out = new ArrayList<>();
        for (Fanout f : fanouts) {
            if (f.server() == server && f.scenario().equals(scenario) && f.subscribers() == subscribers
                    && f.payload() == payload) {
                out.add(f);
            }
        }
        return out;
    }

    /** The round with the median saturation of one cell on one server (the representative run), or null. */
    Fanout fanout(Server.Kind server, String scenario, int subscribers, int payload) {
        List<Fanout> all = new ArrayList<>(fanouts(server, scenario, subscribers, payload));
        if (all.isEmpty()) {
            return null;
        }
        all.sort(java.util.Comparator.comparingDouble(Fanout::saturation));
        return all.get((all.size() - 1) / 2);
    }

    /**
     * The median over rounds of {@code a}'s saturation / {@code b}'s in the same round (interleaved rounds share
     * the machine's state, so a ratio within a round is what noise cannot flip); NaN when no round has both.
     */
    double medianRatio(Server.Kind a, Server.Kind b, String scenario, int subscribers, int payload) {
        List<Double> ratios = new ArrayList<>();
        for (Fanout fa : fanouts(a, scenario, subscribers, payload)) {
            for (Fanout fb : fanouts(b, scenario, subscribers, payload)) {
                if (fa.round() == fb.round() && fb.saturation() > 0) {
                    ratios.add(fa.saturation() / fb.saturation());
                }
            }
        }
        return median(ratios);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** Rounds that ran, 1..n. */
    int rounds() {
        int n = 0;
        for (Fanout f : fanouts) {
            n = Math.max(n, f.round());
        }
        for (Churn c : churns) {
            n = Math.max(n, c.round());
        }
        for (Slow s : slows) {
            n = Math.max(n, s.round());
        }
        return Math.max(1, n);
    }
}
