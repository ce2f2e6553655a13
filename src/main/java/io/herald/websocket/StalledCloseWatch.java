package io.herald.websocket;

/**
 * Watches a connection after its close frame was queued and drops it when the peer has stopped reading: still
 * open at a check and no byte of its write queue taken since the one before. A peer that reads, however slowly,
 * keeps draining towards its close frame (and sees the code, 4001 for a slow consumer); one that never reads
 * again would otherwise hold the connection, its session and the socket's buffers until it goes away, since
 * the close handshake can never end. Checks every {@code periodMillis}, at most {@link #MAX_CHECKS} times, then
 * drops the connection regardless.
 */
final class StalledCloseWatch implements Runnable {
    static final int MAX_CHECKS = 12;

    private final DirectFrames.Sink sink;
    private final SessionCloser closer;
    private final long periodMillis;
    private long lastPending = Long.MIN_VALUE; // no check yet
    private int checks;

    StalledCloseWatch(DirectFrames.Sink sink, SessionCloser closer, long periodMillis) {
        this.sink = sink;
        this.closer = closer;
        this.periodMillis = periodMillis;
    }

    void start() {
        closer.scheduleWhileRunning(this, periodMillis);
    }

    @Override
    public void run() {
        if (!sink.isOpen()) {
            return; // the handshake ended, or the peer went away
        }
        long pending = sink.pendingBytes();
        checks++;
        boolean progressed = pending >= 0 && lastPending != Long.MIN_VALUE && pending < lastPending;
        boolean firstLook = lastPending == Long.MIN_VALUE && pending > 0;
        if ((progressed || firstLook) && checks < MAX_CHECKS) {
            lastPending = pending;
            closer.scheduleWhileRunning(this, periodMillis);
            return;
        }
        sink.abort();
    }
}
