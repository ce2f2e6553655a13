package io.herald.hub;

/**
 * Moves publications and join/leave events between all nodes that have subscribers of a channel,
 * and owns the channel's stream (offset and epoch) together with its {@link HistoryStore}.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #publish} appends to history and fans out <em>atomically per channel</em>: offsets are
 *       gap-free and every node sees publications of one channel in offset order.</li>
 *   <li>Delivery to this node happens only through the {@link BrokerListener}, never by the caller,
 *       so one node and a cluster behave the same. The in-memory broker calls it synchronously
 *       before {@code publish} returns.</li>
 *   <li>Every method returns or throws within a bounded time; an unreachable backend throws
 *       {@link HubException} with {@link ErrorCode#UNAVAILABLE}, it never hangs.</li>
 *   <li>Thread-safe.</li>
 * </ul>
 */
public interface Broker extends AutoCloseable {

    /** Installs the single listener of this node. Called once, before any other method. */
    void start(BrokerListener listener);

    /**
     * Publishes to a channel.
     *
     * @return the publication's position; {@link StreamPosition#NONE} offset 0 when no history is kept
     */
    StreamPosition publish(String channel, Payload payload, ClientInfo info, PublishOptions options);

    /** Sends a join event to the channel's subscribers on every node. */
    void publishJoin(String channel, ClientInfo info);

    /** Sends a leave event to the channel's subscribers on every node. */
    void publishLeave(String channel, ClientInfo info);

    /**
     * This node starts receiving the channel: every publication and join/leave published after this
     * returns is delivered to the listener. Idempotent (not counted: one unsubscribe ends it).
     */
    void subscribe(String channel);

    /**
     * This node stops receiving the channel (see {@link BrokerListener} for messages in flight).
     * Idempotent; unsubscribing a channel never subscribed does nothing. Never throws for an
     * unreachable backend: the subscription is then dropped when it is reachable again.
     */
    void unsubscribe(String channel);

    /** The history store holding this broker's streams. */
    HistoryStore history();

    /** Whether the backend is reachable now (readiness). */
    default boolean isReady() {
        return true;
    }

    /** Releases resources. Idempotent. */
    @Override
    void close();
}
