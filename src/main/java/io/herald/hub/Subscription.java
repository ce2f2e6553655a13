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
    private volatile boolean recovering = true;
    private List<Publication> buffered = new ArrayList<>();

    Subscription(String channel) {
        this.channel = channel;
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
            return true;
        }
        synchronized (this) {
            if (!recovering) {
                return true;
            }
            buffered.add(publication);
            return false;
        }
    }

    /**
     * Ends recovery: runs {@code finisher} with the publications buffered meanwhile, under the lock that
     * live delivery also takes, so anything after it goes out after what the finisher sends.
     */
    synchronized void finishRecovery(java.util.function.Consumer<List<Publication>> finisher) {
        List<Publication> pending = buffered;
        buffered = null;
        finisher.accept(pending);
        recovering = false;
    }
}
