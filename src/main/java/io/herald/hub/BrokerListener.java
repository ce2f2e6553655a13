package io.herald.hub;

/**
 * Receives what a {@link Broker} delivers to this node. Called only for channels this node is
 * subscribed to through {@link Broker#subscribe(String)}: from when {@code subscribe} returns until
 * {@code unsubscribe} is called; a publication already on its way at that moment may still arrive
 * just after (Redis), so a listener must tolerate a channel it no longer has subscribers for.
 *
 * <p>Contract: for one channel, calls arrive one at a time and publications in offset order.
 * Implementations must not block and must not throw; the hub only enqueues frames here.
 */
public interface BrokerListener {
    void onPublication(Publication publication);

    /**
     * Several publications of one channel, in offset order, that the broker had queued at once. By default each
     * goes to {@link #onPublication}; a listener may deliver them together.
     */
    default void onPublications(java.util.List<Publication> run) {
        for (Publication p : run) {
            onPublication(p);
        }
    }

    void onJoin(String channel, ClientInfo info);

    void onLeave(String channel, ClientInfo info);

    /**
     * The broker lost messages it could not deliver (for example after a reconnect to Redis). Local
     * subscribers of every channel may have missed publications and should recover from history.
     */
    default void onDeliveryGap() {
    }
}
