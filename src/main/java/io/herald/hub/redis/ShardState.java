package io.herald.hub.redis;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The condition of one {@link RedisShard}, with every transition in this class, each a compare-and-set:
 * <pre>
 *   CONNECTING --connected--&gt; LIVE &lt;--pingFailed / pingAnswered--&gt; UNRESPONSIVE
 *   LIVE | UNRESPONSIVE --pubsubLost--&gt; GAP --gapReported--&gt; LIVE
 *   any --close--&gt; CLOSED
 * </pre>
 * Thread-safe: the monitor thread and Lettuce's I/O threads both report.
 */
final class ShardState {
    private static final System.Logger LOG = System.getLogger(ShardState.class.getName());

    enum State {
        /** Not connected yet (the monitor retries with backoff): commands are refused with {@code unavailable}. */
        CONNECTING,
        /** Connected, every wanted channel confirmed, Redis answers: ready, live delivery on. */
        LIVE,
        /** Connected but PING times out (e.g. a frozen Redis): not ready; delivery is not stopped. */
        UNRESPONSIVE,
        /**
         * Pub/sub was lost, so publications may have been missed: not ready, live messages dropped and
         * positioning reads refused until the monitor has resubscribed and reported the gap.
         */
        GAP,
        /** Closed by the owner; final. */
        CLOSED
    }

    private final String shard;
    private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);

    ShardState(String shard) {
        this.shard = shard;
    }

    State get() {
        return state.get();
    }

    /** The first connect succeeded. @return false when the shard was closed meanwhile */
    boolean connected() {
        return move(State.CONNECTING, State.LIVE);
    }

    /** @return whether this is news (Redis answered before) */
    boolean pingFailed() {
        return move(State.LIVE, State.UNRESPONSIVE);
    }

    /** @return whether this is news (Redis did not answer before) */
    boolean pingAnswered() {
        return move(State.UNRESPONSIVE, State.LIVE);
    }

    /** The pub/sub connection is down or was: publications may be lost. No effect before connect or after close. */
    void pubsubLost() {
        for (State s = state.get(); s == State.LIVE || s == State.UNRESPONSIVE; s = state.get()) {
            if (move(s, State.GAP)) {
                return;
            }
        }
    }

    /** Every subscriber has been asked to recover: live delivery may resume. */
    void gapReported() {
        move(State.GAP, State.LIVE);
    }

    /** @return false when it was closed already */
    boolean close() {
        State before = state.getAndSet(State.CLOSED);
        if (before != State.CLOSED) {
            LOG.log(System.Logger.Level.DEBUG, "Redis {0}: {1} -> CLOSED", shard, before);
        }
        return before != State.CLOSED;
    }

    private boolean move(State from, State to) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        LOG.log(System.Logger.Level.DEBUG, "Redis {0}: {1} -> {2}", shard, from, to);
        return true;
    }
}
