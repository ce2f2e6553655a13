package io.herald.hub;

/**
 * The inbound message rate of one connection: a token bucket ({@link Limits#commandsPerSecond},
 * {@link Limits#commandBurst}); a message over the rate is rejected with {@code limit_exceeded}, and a
 * connection that keeps flooding ({@link Limits#rejectedCommandsBeforeClose} rejections within
 * {@value #WINDOW_SECONDS} s) is closed with {@link CloseCode#TOO_MANY_REQUESTS}. Thread-safe.
 */
final class CommandRate {
    static final int WINDOW_SECONDS = 10;
    private static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;

    /** What to do with one inbound message. */
    enum Verdict { ADMIT, REJECT, CLOSE }

    private final TokenBucket bucket;
    private final int closeAfter;
    private long windowStart;
    private int rejected;

    CommandRate(Limits limits, long nowNanos) {
        this.bucket = limits.commandsPerSecond() > 0
                ? new TokenBucket(limits.commandsPerSecond(), Math.max(1, limits.commandBurst()), nowNanos) : null;
        this.closeAfter = limits.rejectedCommandsBeforeClose();
        this.windowStart = nowNanos;
    }

    synchronized Verdict admit(long nowNanos) {
        if (bucket == null || bucket.tryTake(nowNanos)) {
            return Verdict.ADMIT;
        }
        if (nowNanos - windowStart > WINDOW_NANOS) {
            windowStart = nowNanos;
            rejected = 0;
        }
        rejected++;
        return closeAfter > 0 && rejected >= closeAfter ? Verdict.CLOSE : Verdict.REJECT;
    }
}
