package io.herald.bench;

import java.util.List;

/**
 * The sizes of one run. {@code full} is the documented run behind docs/benchmarks.md; {@code smoke} is the
 * few-second CI check that the kit and every server still work. The slow-consumer scenario runs {@code slowPairs}
 * pairs of {@code slowMillis} halves (without, then with the stalled clients) and judges the median pair.
 */
record Profile(String name, List<Integer> fanoutSubscribers, List<Integer> payloads, long stepMillis,
               double ladderStart, double ladderEnd, int bisections, int idleConnections,
               int channelConnections, long churnMillis, int slowSubscribers, long slowMillis,
               double slowFraction, int slowPairs, int workerProcesses, double maxP99Millis, int rounds, long warmMillis) {

    /**
     * This profile with {@code --subscribers 1000,10000}, {@code --payloads 100}, {@code --step-ms} or
     * {@code --rounds} (interleaved rounds per cell; the verdicts use the median ratio), {@code --warm-ms} or
     * {@code --slow-fraction} (the slow-consumer load as a fraction of each server's own saturation) overridden.
     */
    Profile with(Args args) {
        return new Profile(name, ints(args.str("subscribers", null), fanoutSubscribers),
                ints(args.str("payloads", null), payloads), args.integer("step-ms", (int) stepMillis), ladderStart,
                ladderEnd, bisections, args.integer("idle", idleConnections), args.integer("channels", channelConnections), churnMillis,
                slowSubscribers, slowMillis, args.decimal("slow-fraction", slowFraction), slowPairs, args.integer("processes", workerProcesses), maxP99Millis,
                args.integer("rounds", rounds), args.integer("warm-ms", (int) warmMillis));
    }

    /**
     * What the load generator needs per recipient of one publication, at most: the last of a publication's
     * frames reaches the subscriber processes (one core for all of them) that long after the first. Measured
     * on 2026-12-03: 10,000 subscribers had a p50 of 130 ms at 0.3 publications/s on every server, NIO's
     * included (13 us per recipient at the median, about twice that for the last one).
     */
    static final double GENERATOR_MICROS_PER_RECIPIENT = 40;

    /**
     * The p99 bound of a step whose publications each go to {@code recipients} subscribers: {@link
     * #maxP99Millis}, or more for a fan-out so wide that the generator alone takes longer to receive one
     * publication (10,000 subscribers: 400 ms), so that such a cell measures the servers and not only the
     * generator. Up to 5,000 recipients the bound is the plain one.
     */
    double maxP99Millis(int recipients) {
        return Math.max(maxP99Millis, recipients * GENERATOR_MICROS_PER_RECIPIENT / 1000);
    }

    /**
     * The churn scenario's unmeasured warm-up: four times {@link #warmMillis} (full: 40 s). With a 5 s warm-up, C2
     * was still compiling Herald's handshake, subscribe and teardown paths through the measured 10 s (about 200
     * compilations in their last 5 s), and the same WAR measured 1,931-2,028 cycles/s; after 40 s, 4,056-4,304
     * (2026-12-07).
     */
    long churnWarmMillis() {
        return 4 * warmMillis;
    }

    private static List<Integer> ints(String csv, List<Integer> fallback) {
        if (csv == null) {
            return fallback;
        }
        return java.util.Arrays.stream(csv.split(",")).map(Integer::parseInt).toList();
    }

    static Profile named(String name) {
        return switch (name) {
            case "full" -> new Profile("full", List.of(100, 1_000, 10_000), List.of(100, 1024), 1500,
                    25_000, 1_600_000, 2, 19_000, 10_000, 10_000, 1_000, 6_000, 0.5, 3, 2, 200, 3, 10_000);
            case "smoke" -> new Profile("smoke", List.of(50), List.of(100, 1024), 400,
                    5_000, 10_000, 0, 200, 100, 1_000, 50, 1_000, 0.5, 2, 2, 1_000, 1, 0);
            default -> throw new IllegalArgumentException("unknown profile " + name + " (full, smoke)");
        };
    }
}
