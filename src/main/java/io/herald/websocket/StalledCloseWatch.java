package io.herald.websocket;

/**
 * Watches a connection after its close frame was queued and drops it once the peer has plainly stopped reading,
 * since the close handshake can then never end and the connection, its session and the socket's buffers would
 * be held until the peer goes away. Looks every {@code periodMillis}:
 * <ul>
 *   <li>closed: done (the handshake ended, or the peer went away);</li>
 *   <li>nothing left in the write queue but still open: everything up to the close frame is in the kernel, which
 *       still delivers it after a close, so the connection is dropped at once;</li>
 *   <li>still queued and no byte taken since the last look, {@code patienceMillis} or more after the close: dropped
 *       (the code is lost, the peer sees the connection end);</li>
 *   <li>{@code capMillis} after the close: dropped whatever the progress.</li>
 * </ul>
 * A peer that stalls for a while and then reads again, within the patience, still gets its close frame (4001 for
 * a slow consumer). Node's {@code ws} gives a close handshake 30 s; the default patience here is twice that.
 */
final class StalledCloseWatch implements Runnable {
    static final long PATIENCE_MILLIS = 60_000;
    static final long CAP_MILLIS = 120_000;

    private final DirectFrames.Sink sink;
    private final SessionCloser closer;
    private final long periodMillis;
    private final long patienceMillis;
    private final long capMillis;
    private long lastPending = Long.MAX_VALUE; // no look yet
    private long elapsedMillis;

    StalledCloseWatch(DirectFrames.Sink sink, SessionCloser closer, long periodMillis, long patienceMillis,
                      long capMillis) {
        this.sink = sink;
        this.closer = closer;
        this.periodMillis = periodMillis;
        this.patienceMillis = patienceMillis;
        this.capMillis = capMillis;
    }

    /** The watch with the default patience and cap, looking every {@code periodMillis}. */
    static StalledCloseWatch of(DirectFrames.Sink sink, SessionCloser closer, long periodMillis) {
        return new StalledCloseWatch(sink, closer, periodMillis, PATIENCE_MILLIS, CAP_MILLIS);
    }

    void start() {
        closer.scheduleWhileRunning(this, periodMillis);
    }

    @Override
    public void run() {
        if (!sink.isOpen()) {
            return;
        }
        elapsedMillis += periodMillis;
        long pending = sink.pendingBytes();
        boolean progressed = pending >= 0 && pending < lastPending;
        lastPending = pending < 0 ? lastPending : pending;
        if (pending == 0 || elapsedMillis >= capMillis || (!progressed && elapsedMillis >= patienceMillis)) {
            sink.abort();
            return;
        }
        closer.scheduleWhileRunning(this, periodMillis);
    }
}
