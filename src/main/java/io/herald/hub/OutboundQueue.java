package io.herald.hub;

import java.util.ArrayDeque;

/**
 * One connection's bounded outbound queue with at most one send in flight.
 *
 * <p>Why it exists: Tomcat throws {@code TEXT_FULL_WRITING} on a second concurrent send, and Tyrus
 * queues without bound. Here the hub decides: when queued bytes or frames pass the limits, the queue
 * drops everything and reports overflow, and the owner closes the client with
 * {@link CloseCode#SLOW_CONSUMER} (it reconnects and recovers from history).
 *
 * <p>Under load, consecutive text frames are coalesced into one frame separated by {@code '\n'}, which
 * Herald's protocol allows; this cuts per-frame overhead when a client falls a little behind. Not for a
 * transport that says it cannot take that ({@link Transport#joinsTextFrames()}, Pusher's).
 *
 * <p>Thread-safe. Sends complete on container threads, possibly inline; a trampoline keeps the stack
 * flat when they do.
 */
public final class OutboundQueue {
    static final int MAX_BATCH_CHARS = 64 * 1024;
    static final int MAX_BATCH_FRAMES = 64;

    private final Transport transport;
    private final boolean joinsText;
    private final long maxBytes;
    private final int maxFrames;
    private final Runnable onOverflow;
    private final SendListener onSent;
    // 4 slots, not 16: most connections are idle with an empty queue; the deque doubles when it fills
    private final ArrayDeque<Entry> frames = new ArrayDeque<>(3);
    private long queuedBytes;
    // A State's ordinal, guarded by this; changed only in the methods named in State's Javadoc. A byte, not an enum
    // reference: this object lives as long as its connection, in G1's old generation, and every reference stored
    // into an old object dirties a card for the refinement threads. A state change is a primitive store; two
    // per delivery, so it matters (see bench/results/channels-profile-2026-12-07.md).
    private byte state = (byte) State.IDLE.ordinal();
    private CloseCode closeCode;
    private String closeReason;

    /**
     * Where the queue is. IDLE (nothing in flight) and SENDING (one drain loop owns the transport) alternate;
     * {@link #closeAfterDrain} moves SENDING to DRAINING, which ends in CLOSED when the queue is empty;
     * overflow, a failed send and {@link #discard} go straight to CLOSED, which is final. Transitions:
     * {@link #admit}, {@link #requestClose}, {@link #takeOrIdle}, {@link #close()}.
     */
    enum State {
        IDLE, SENDING, DRAINING, CLOSED;

        static final State[] ALL = values();
    }

    public OutboundQueue(Transport transport, long maxBytes, int maxFrames, Runnable onOverflow) {
        this(transport, maxBytes, maxFrames, onOverflow, (bytes, originNanos) -> { });
    }

    /** @param onSent told of every completed write, for metrics */
    public OutboundQueue(Transport transport, long maxBytes, int maxFrames, Runnable onOverflow, SendListener onSent) {
        this.transport = transport;
        this.joinsText = transport.joinsTextFrames();
        this.maxBytes = maxBytes;
        this.maxFrames = maxFrames;
        this.onOverflow = onOverflow;
        this.onSent = onSent;
    }

    /** Completed writes, for metrics. */
    @FunctionalInterface
    public interface SendListener {
        /**
         * @param bytes       size of the written frame
         * @param originNanos {@link System#nanoTime()} when the oldest publication in it was published,
         *                    or 0 when it carried none
         */
        void sent(int bytes, long originNanos);
    }

    /**
     * Queues a frame for sending.
     *
     * @return false when the queue overflowed (the overflow callback has run) or is closed
     */
    public boolean offer(Frame frame) {
        return offer(frame, 0);
    }

    /**
     * Queues a publication's frame.
     *
     * @param originNanos {@link System#nanoTime()} at its publish, for the publish-to-send latency; 0 if none
     * @return as {@link #offer(Frame)}
     */
    public boolean offer(Frame frame, long originNanos) {
        Entry entry = new Entry(frame, originNanos);
        return accepted(admit(entry), entry, true);
    }

    /**
     * Queues a frame from one of the hub's background threads: when it starts a drain, the drain runs on the
     * transport's preferred thread ({@link Transport#execute}), not on the caller's.
     *
     * @return as {@link #offer(Frame)}
     */
    public boolean offerFromBackground(Frame frame) {
        Entry entry = new Entry(frame, 0);
        return accepted(admit(entry), entry, false);
    }

    /**
     * Acts on an admission: starts the drain it asks for (here, or on the transport's thread), beginning with
     * {@code entry}, or reports overflow.
     */
    private boolean accepted(Admission admission, Entry entry, boolean drainHere) {
        switch (admission) {
            case START_DRAIN -> {
                if (drainHere) {
                    drain(entry);
                } else {
                    transport.execute(() -> drain(entry));
                }
            }
            case QUEUED -> { }
            case OVERFLOW -> {
                onOverflow.run();
                return false;
            }
            case REFUSED -> {
                return false;
            }
        }
        return true;
    }

    private enum Admission { QUEUED, START_DRAIN, OVERFLOW, REFUSED }

    /**
     * Queues {@code entry} behind the send in flight, or, when nothing is in flight (IDLE, and so nothing is
     * queued), moves to SENDING and leaves {@code entry} to the caller, who drains starting with it; CLOSED on
     * overflow.
     *
     * <p>Why an idle queue does not store the entry: the deque of a long-lived connection lives in the old
     * generation, and every young reference stored into it dirties a card that G1's refinement threads then
     * scan (G1 refinement took 9% of the core in a many-channels profile, 2026-12-07; the state field was the larger
     * part, see the state field). Most deliveries find their queue idle.
     */
    private synchronized Admission admit(Entry entry) {
        if (is(State.DRAINING) || is(State.CLOSED)) {
            return Admission.REFUSED;
        }
        int size = entry.frame().size();
        if (queuedBytes + size > maxBytes || frames.size() >= maxFrames) {
            close();
            return Admission.OVERFLOW;
        }
        if (is(State.SENDING)) {
            frames.add(entry);
            queuedBytes += size;
            return Admission.QUEUED;
        }
        set(State.SENDING);
        return Admission.START_DRAIN;
    }

    /** Sends what is queued, then closes the transport. Further offers are refused. */
    public void closeAfterDrain(CloseCode code, String reason) {
        if (requestClose(code, reason)) {
            transport.close(code.code(), reason);
        }
    }

    /** IDLE to CLOSED (true: the caller closes the transport now) or SENDING to DRAINING. */
    private synchronized boolean requestClose(CloseCode code, String reason) {
        if (is(State.IDLE)) {
            set(State.CLOSED);
            return true;
        }
        if (is(State.SENDING)) {
            set(State.DRAINING);
            closeCode = code;
            closeReason = reason;
        }
        return false;
    }

    /** Drops everything queued; later offers are refused. Does not close the transport. */
    public synchronized void discard() {
        close();
    }

    /** Any state to CLOSED, dropping what is queued. */
    private void close() {
        set(State.CLOSED);
        frames.clear();
        queuedBytes = 0;
    }

    synchronized State state() {
        return State.ALL[state];
    }

    private boolean is(State s) {
        return state == s.ordinal();
    }

    private void set(State s) {
        state = (byte) s.ordinal();
    }

    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    public synchronized int queuedFrames() {
        return frames.size();
    }

    /** Continues the drain after a send that completed later, on another thread. */
    private void drain() {
        drain(null);
    }

    /** Sends {@code first} (unless null), then what is queued, until the queue is empty or a send is pending. */
    private void drain(Entry first) {
        Entry pending = first;
        while (true) {
            Entry next = pending != null ? pending : takeOrIdle();
            pending = null;
            if (next == CLOSE_NOW) {
                transport.close(closeCode.code(), closeReason);
                return;
            }
            if (next == null) {
                return;
            }
            Attempt attempt = new Attempt(next);
            try {
                transport.send(next.frame(), attempt);
            } catch (RuntimeException e) {
                attempt.completed(e);
            }
            synchronized (this) {
                attempt.returned = true;
                if (!attempt.done) {
                    return; // completes later on another thread, which continues the drain
                }
            }
            if (attempt.error != null) {
                failed();
                return;
            }
            attempt.report();
        }
    }

    /** What {@link #takeOrIdle} returns when the drain before a close is done: the caller closes the transport. */
    private static final Entry CLOSE_NOW = new Entry(new Frame.Text(""), 0);

    /**
     * The next batch to send; null and SENDING to IDLE when nothing is left (or CLOSED: the loop ends);
     * {@link #CLOSE_NOW} and DRAINING to CLOSED when the drain before a close is done.
     */
    private synchronized Entry takeOrIdle() {
        Entry next = is(State.SENDING) || is(State.DRAINING) ? nextBatch() : null;
        if (next == null && is(State.SENDING)) {
            set(State.IDLE);
        } else if (next == null && is(State.DRAINING)) {
            set(State.CLOSED);
            return CLOSE_NOW;
        }
        return next;
    }

    private Entry nextBatch() {
        Entry first = frames.poll();
        if (first == null) {
            return null;
        }
        queuedBytes -= first.frame().size();
        if (!joinsText || !(first.frame() instanceof Frame.Text text) || !(frames.peek() != null
                && frames.peek().frame() instanceof Frame.Text)) {
            return first;
        }
        StringBuilder batch = new StringBuilder(Math.min(MAX_BATCH_CHARS, text.text().length() * 4));
        batch.append(text.text());
        long origin = first.originNanos();
        int count = 1;
        while (count < MAX_BATCH_FRAMES && frames.peek() != null && frames.peek().frame() instanceof Frame.Text more
                && batch.length() + 1 + more.text().length() <= MAX_BATCH_CHARS) {
            Entry taken = frames.poll();
            queuedBytes -= more.size();
            batch.append('\n').append(more.text());
            if (origin == 0) {
                origin = taken.originNanos(); // the first publication in the batch is the oldest
            }
            count++;
        }
        return count == 1 ? first : new Entry(new Frame.Text(batch.toString()), origin);
    }

    /** A queued frame and when the publication in it was published (0 for replies and pushes). */
    private record Entry(Frame frame, long originNanos) {
    }

    private void failed() {
        discard();
        transport.close(CloseCode.GOING_AWAY.code(), "send failed");
    }

    /** One send's completion; knows whether it completed inline (before send returned). */
    private final class Attempt implements Transport.SendCallback {
        final Entry entry;
        boolean returned;
        boolean done;
        Throwable error;

        Attempt(Entry entry) {
            this.entry = entry;
        }

        void report() {
            onSent.sent(entry.frame().size(), entry.originNanos());
        }

        @Override
        public void completed(Throwable failure) {
            synchronized (OutboundQueue.this) {
                if (done) {
                    return;
                }
                done = true;
                error = failure;
                if (!returned) {
                    return; // the drain loop on the sending thread continues
                }
            }
            if (failure != null) {
                failed();
            } else {
                report();
                drain();
            }
        }
    }
}
