package io.herald.bench;

import org.HdrHistogram.Histogram;

/**
 * One fixed-rate measurement interval: what was offered, what arrived, how late, at what CPU cost, and how
 * much of the machine others took meanwhile. CPU figures are fractions of one core; {@code steal} is the
 * fraction of the machine's CPU time the hypervisor gave away, {@code otherCpu} what processes outside the
 * run used. A step is {@link #disturbed()} when either passed {@link #DISTURBED} of the machine.
 */
record Step(double offeredDeliveries, double publishRate, long sent, long expected, long delivered,
            double p50, double p99, double p999, double max, double serverCpu, double generatorCpu,
            double otherCpu, double steal, int closed, long dropped, boolean pass) {

    /** More steal or other load than this fraction of the machine marks a step (and it is measured again). */
    static final double DISTURBED = 0.10;

    /** Latencies in milliseconds from a histogram in microseconds. */
    static Step of(double offered, double publishRate, long sent, long expected, Workers.Interval interval,
                   double serverCpu, double generatorCpu, double otherCpu, double steal, long dropped,
                   double maxP99Millis) {
        Histogram h = interval.histogram();
        double p99 = h.getValueAtPercentile(99) / 1000.0;
        boolean complete = expected > 0 && interval.messages() >= expected * 0.995;
        boolean pass = complete && p99 <= maxP99Millis && interval.closed() == 0 && dropped == 0;
        return new Step(offered, publishRate, sent, expected, interval.messages(),
                h.getValueAtPercentile(50) / 1000.0, p99, h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0, serverCpu, generatorCpu, otherCpu, steal, interval.closed(), dropped, pass);
    }

    /** Other processes' share of the whole machine (otherCpu is in cores). */
    double otherShare() {
        return otherCpu / BenchEnv.CORES;
    }

    boolean disturbed() {
        return steal > DISTURBED || otherShare() > DISTURBED;
    }

    String line() {
        return String.format("offered %,9.0f/s  delivered %,9d/%,9d  p50 %7.2f  p99 %7.2f  p99.9 %7.2f  max %7.1f ms"
                        + "  cpu server %3.0f%% gen %3.0f%% other %3.0f%% steal %2.0f%%%s%s%s",
                offeredDeliveries, delivered, expected, p50, p99, p999, max, serverCpu * 100, generatorCpu * 100,
                otherCpu * 100, steal * 100, closed > 0 ? "  closed " + closed : "", pass ? "  ok" : "  FAIL",
                disturbed() ? "  DISTURBED" : "");
    }
}
