package io.herald.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's subscription to one channel.
 *
 * <p>While a subscribe is reading history ({@code recovering}), live publications are buffered here
 * instead of sent, so the reply and the live stream join without a gap or a duplicate.
 */
final class Subscription {
    private final String channel;
    private final ClientInfo member;
    private volatile boolean recovering = true;
    private List<Publication> buffered = new ArrayList<>();
    /**
     * Offset of the newest publication this client has (from the reply or live). A publication appended
     * before the history read may still be in its fan-out loop when recovery ends; this drops it.
     * Written only by one channel's delivery at a time (the broker serializes a channel), or before
     * {@code recovering} turns false.
     */
    private long lastOffset;

    /** Whether listeners were told about this subscription (guarded by this object's monitor). */
    private boolean announced;

    Subscription(String channel) {
        this(channel, null);
    }

    /** @param member the presence info of this subscription, or null for the connection's own */
    Subscription(String channel, ClientInfo member) {
        this.channel = channel;
        this.member = member;
    }

    /** The presence info given at subscribe, or null when the connection's own applies. */
    ClientInfo member() {
        return member;
    }

    /**
     * Runs {@code notify} under this subscription's monitor and marks it announced, so a concurrent removal
     * reports its end only after its start.
     */
    synchronized void announce(Runnable notify) {
        announced = true;
        notify.run();
    }

    /** Runs {@code notify} only when the start was announced; under the same monitor. */
    synchronized void retire(Runnable notify) {
        if (announced) {
            announced = false;
            notify.run();
        }
    }

    String channel() {
        return channel;
    }

    /**
     * Offers a live publication.
     *
     * @return true when the caller should send it now; false when it was buffered
     */
    boolean liveOrBuffer(Publication publication) {
        if (!recovering) {
            return isNew(publication);
        }
        synchronized (this) {
            if (!recovering) {
                return isNew(publication);
            }
            buffered.add(publication);
            return false;
        }
    }

    private boolean isNew(Publication publication) {
        long offset = publication.offset();
        if (offset == 0) {
            return true; // no stream in this namespace: nothing to compare
        }
        if (offset <= lastOffset) {
            return false;
        }
        lastOffset = offset;
        return true;
    }

    /**
     * Ends recovery: runs {@code finisher} with the publications buffered meanwhile, under the lock that
     * live delivery also takes, so anything after it goes out after what the finisher sends.
     */
    synchronized void finishRecovery(java.util.function.Function<List<Publication>, Long> finisher) {
        List<Publication> pending = buffered;
        buffered = null;
        lastOffset = finisher.apply(pending);
        recovering = false;
    }
}
