package io.herald.bench;

import java.util.ArrayList;
import java.util.List;

/** Everything one run measured, per server, in the order the scenarios ran. */
final class Results {
    record Fanout(Server.Kind server, String scenario, int subscribers, int payload, double saturation,
                  List<Step> steps, String note) {
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

    record Churn(Server.Kind server, double seconds, long cycles, long failures, double p50, double p99,
                 double serverCpu, String note) {
        double perSecond() {
            return cycles / seconds;
        }
    }

    record Slow(Server.Kind server, int subscribers, int slow, Step step, long heapBefore, long heapAfter,
                int openAfter, String note) {
    }

    final List<Fanout> fanouts = new ArrayList<>();
    final List<Idle> idles = new ArrayList<>();
    final List<Churn> churns = new ArrayList<>();
    final List<Slow> slows = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    Fanout fanout(Server.Kind server, String scenario, int subscribers, int payload) {
        for (Fanout f : fanouts) {
            if (f.server() == server && f.scenario().equals(scenario) && f.subscribers() == subscribers
                    && f.payload() == payload) {
                return f;
            }
        }
        return null;
    }
}
