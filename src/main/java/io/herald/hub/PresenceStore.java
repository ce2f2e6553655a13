package io.herald.hub;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Who is subscribed to which channel, across all nodes.
 *
 * <p>Contract: {@link #add} and {@link #remove} are idempotent. Entries a node stops refreshing (a dead
 * node) disappear within the store's expiry; in-memory stores never expire entries because their node
 * cannot die without them. Thread-safe; bounded time like {@link Broker}.
 *
 * <p>A store whose entries expire reports each expired entry it drops to the {@link #onExpired} listener,
 * exactly once across the cluster (on the node whose call dropped it), so the hub can tell the channel's
 * subscribers that the client left. A store refreshing its own entries also drops the expired entries of
 * the channels it refreshes, so a dead node's clients are reported within about the expiry plus one
 * refresh period even when nobody reads the channel.
 */
public interface PresenceStore extends AutoCloseable {

    void add(String channel, ClientInfo info);

    void remove(String channel, String clientId);

    /** Clients present in the channel, by client id. */
    Map<String, ClientInfo> get(String channel);

    /**
     * Where expired entries go: {@code listener(channel, info)} runs on the store's own thread, never on a
     * caller's, and must not block for long. Set once, before clients subscribe; stores that never expire
     * entries ignore it.
     */
    default void onExpired(BiConsumer<String, ClientInfo> listener) {
    }

    @Override
    default void close() {
    }
}
