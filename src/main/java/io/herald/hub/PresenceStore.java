package io.herald.hub;

import java.util.Map;

/**
 * Who is subscribed to which channel, across all nodes.
 *
 * <p>Contract: {@link #add} and {@link #remove} are idempotent. Entries a node stops refreshing (a dead
 * node) disappear within the store's expiry; in-memory stores never expire entries because their node
 * cannot die without them. Thread-safe; bounded time like {@link Broker}.
 */
public interface PresenceStore extends AutoCloseable {

    void add(String channel, ClientInfo info);

    void remove(String channel, String clientId);

    /** Clients present in the channel, by client id. */
    Map<String, ClientInfo> get(String channel);

    @Override
    default void close() {
    }
}
