package io.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fan-out results of one run as Markdown, with the ratios the delivery engine's target 6 is judged by,
 * whenever both servers of a pair ran, as the median of within-round ratios: Herald on Tomcat (GlassFish) against
 * the bare broadcast WAR on the same container (at least 0.9x), Herald with the Redis broker on one node against
 * Herald in memory (at least 0.8x); and the latency of the two-node Redis variant, where every delivery crossed
 * Redis from node A to node B.
 */
final class Variants {
    private Variants() {
    }

    /**
     * The Pusher-protocol pairs, judged by the median of within-round ratios (each round runs both servers): Pusher
     * clients against Herald's own protocol (target: at least 0.9x), and Herald against Soketi with the same clients
     * and the same HTTP-API publisher.
     */
    private static void pusherRatios(StringBuilder md, Results results, List<Results.Fanout> fanouts) {
        for (Results.Fanout f : fanouts) {
            if (f.server() != Server.Kind.HERALD || f.round() > 1) {
                continue; // once per size
            }
            medianRatio(md, results, Server.Kind.HERALD_PUSHER, Server.Kind.HERALD, f, 0.9,
                    "Pusher protocol (publisher on Herald's protocol) / Herald's own protocol");
            medianRatio(md, results, Server.Kind.HERALD_PUSHER_API, Server.Kind.HERALD, f, 0,
                    "Pusher protocol (publisher on the Pusher HTTP API) / Herald's own protocol");
        }
        for (Results.Fanout f : fanouts) {
            if (f.server() == Server.Kind.SOKETI && f.round() <= 1) {
                medianRatio(md, results, Server.Kind.HERALD_PUSHER_API, Server.Kind.SOKETI, f, 1.0,
                        "Herald / Soketi, same Pusher clients and HTTP-API publisher");
            }
        }
    }

    private static void medianRatio(StringBuilder md, Results results, Server.Kind a, Server.Kind b, Results.Fanout like,
                                    double target, String what) {
        double r = results.medianRatio(a, b, "fanout", like.subscribers(), like.payload());
        if (Double.isNaN(r) || r <= 0) {
            return;
        }
        StringBuilder rounds = new StringBuilder();
        for (Results.Fanout fa : results.fanouts(a, "fanout", like.subscribers(), like.payload())) {
            for (Results.Fanout fb : results.fanouts(b, "fanout", like.subscribers(), like.payload())) {
                if (fa.round() == fb.round()) {
                    rounds.append(String.format(Locale.ROOT, "%sround %d: %,.0f / %,.0f", rounds.length() == 0 ? "" : "; ",
                            fa.round(), fa.saturation(), fb.saturation()));
                }
            }
        }
        md.append(String.format(Locale.ROOT, "- %s, %,d subscribers x %d B: %s / %s median of rounds **%.2fx**%s (%s)%n",
                what, like.subscribers(), like.payload(), a.id, b.id, r,
                target == 0 ? "" : r >= target ? " (target >= " + target + "x: met)" : " (target >= " + target + "x: missed)",
                rounds));
    }

    static String markdown(Results results) {
        StringBuilder md = new StringBuilder();
        md.append("| server | subscribers | payload | saturation (deliveries/s) | p50 / p99 / p99.9 at saturation (ms) | note |\n");
        md.append("|---|---:|---:|---:|---|---|\n");
        List<Results.Fanout> fanouts = new ArrayList<>();
        for (Results.Fanout f : results.fanouts) {
            if (!f.scenario().equals("fanout")) {
                continue;
            }
            fanouts.add(f);
            Step s = lastPass(f);
            md.append(String.format(Locale.ROOT, "| %s | %,d | %d B | %,.0f | %s | %s |%n", f.server().label,
                    f.subscribers(), f.payload(), f.saturation(),
                    s == null ? "-" : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", s.p50(), s.p99(), s.p999()),
                    f.note()));
        }
        md.append('\n');
        for (Results.Fanout f : fanouts) {
            if (f.round() <= 1) { // once per size; each ratio is the median over the rounds
                targetRatio(md, results, f, Server.Kind.HERALD_TOMCAT, Server.Kind.TOMCAT_BARE, 0.9,
                        "target 6 (Tomcat): Herald on Tomcat / bare broadcast endpoint on Tomcat");
                targetRatio(md, results, f, Server.Kind.HERALD_GLASSFISH, Server.Kind.GLASSFISH_BARE, 0.9,
                        "target 6 (GlassFish): Herald on GlassFish / bare broadcast endpoint on GlassFish");
                targetRatio(md, results, f, Server.Kind.HERALD_REDIS, Server.Kind.HERALD, 0.8,
                        "target 6 (Redis): Redis broker, one node / in memory");
            }
            ratio(md, fanouts, f, Server.Kind.HERALD_REDIS_2NODES, Server.Kind.HERALD, 0,
                    "Redis, two nodes (for reference)");
            if (f.server() == Server.Kind.HERALD_REDIS_2NODES && find(fanouts, f.server(), f) == f) {
                crossNode(md, fanouts, f);
            }
        }
        pusherRatios(md, results, fanouts);
        return md.toString();
    }

    /** {@link #medianRatio} of the pair, written once per size: when {@code f} is the first-round run of {@code herald}. */
    private static void targetRatio(StringBuilder md, Results results, Results.Fanout f, Server.Kind herald,
                                    Server.Kind base, double target, String what) {
        if (f.server() == herald) {
            medianRatio(md, results, herald, base, f, target, what);
        }
    }

    private static void ratio(StringBuilder md, List<Results.Fanout> all, Results.Fanout f, Server.Kind herald,
                              Server.Kind base, double target, String what) {
        if (f.server() != herald || find(all, herald, f) != f) {
            return; // once per pair, with each side's best run
        }
        Results.Fanout b = find(all, base, f);
        if (b == null || b.saturation() == 0) {
            return;
        }
        double r = f.saturation() / b.saturation();
        md.append(String.format(Locale.ROOT, "- %s, %,d subscribers x %d B: %s %,.0f (best of %d) / %s %,.0f (best of %d)"
                        + " = **%.2fx**%s%n", what, f.subscribers(), f.payload(), herald.id, f.saturation(),
                runs(all, herald, f), base.id, b.saturation(), runs(all, base, f), r,
                target == 0 ? "" : r >= target ? " (target >= " + target + "x: met)" : " (target >= " + target + "x: missed)"));
    }

    /** Cross-node p99 at every offered load the in-memory Herald was also measured at, plus at saturation. */
    private static void crossNode(StringBuilder md, List<Results.Fanout> all, Results.Fanout f) {
        Results.Fanout mem = find(all, Server.Kind.HERALD, f);
        StringBuilder at = new StringBuilder();
        for (Step s : f.steps()) {
            if (!s.pass()) {
                continue;
            }
            Step m = mem == null ? null : stepAt(mem, s.offeredDeliveries());
            at.append(String.format(Locale.ROOT, "%s%,.0f/s: %.2f ms%s", at.length() == 0 ? "" : "; ",
                    s.offeredDeliveries(), s.p99(), m == null ? "" : String.format(Locale.ROOT, " (in memory, one node: %.2f ms%s)", m.p99(), m.pass() ? "" : ", failed")));
        }
        md.append(String.format(Locale.ROOT, "- cross-node p99 (publisher on node A, %,d subscribers on node B, %d B): %s%n",
                f.subscribers(), f.payload(), at));
    }

    /**
     * The best of the server's runs at these sizes: on a shared machine other processes can only lower a
     * saturation figure, so a server named twice in {@code --servers} is judged by its better run.
     */
    private static Results.Fanout find(List<Results.Fanout> all, Server.Kind kind, Results.Fanout like) {
        Results.Fanout best = null;
        for (Results.Fanout o : all) {
            if (o.server() == kind && o.subscribers() == like.subscribers() && o.payload() == like.payload()
                    && (best == null || o.saturation() > best.saturation())) {
                best = o;
            }
        }
        return best;
    }

    private static int runs(List<Results.Fanout> all, Server.Kind kind, Results.Fanout like) {
        int n = 0;
        for (Results.Fanout o : all) {
            if (o.server() == kind && o.subscribers() == like.subscribers() && o.payload() == like.payload()) {
                n++;
            }
        }
        return n;
    }

    /** The passing step at {@code offered}, else the last one measured there (a step may be measured twice). */
    private static Step stepAt(Results.Fanout f, double offered) {
        Step last = null;
        for (Step s : f.steps()) {
            if (Math.abs(s.offeredDeliveries() - offered) < 1) {
                if (s.pass()) {
                    return s;
                }
                last = s;
            }
        }
        return last;
    }

    private static Step lastPass(Results.Fanout f) {
        Step best = null;
        for (Step s : f.steps()) {
            if (s.pass() && (best == null || s.offeredDeliveries() > best.offeredDeliveries())) {
                best = s;
            }
        }
        return best;
    }
}
