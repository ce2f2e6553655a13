package io.herald.hub;

/**
 * Observes a hub's connection and subscription lifecycle (webhooks, audit). Every method has a no-op
 * default, so a listener implements only what it needs.
 *
 * <p>Contract: called on the thread that caused the event (often a WebSocket container thread), after the
 * hub's own state changed, in the order the events happened for one connection. A listener must return
 * quickly and never block: it hands work to its own threads. An exception it throws is logged and never
 * reaches the client or other listeners.
 */
public interface HubListener {

    /** A client sent a successful {@code connect}. */
    default void connected(ClientInfo client) {
    }

    /**
     * A connected client's connection ended, after its subscriptions were removed.
     *
     * @param code   the WebSocket close code
     * @param reason the close reason phrase, possibly empty
     */
    default void disconnected(ClientInfo client, int code, String reason) {
    }

    default void subscribed(String channel, ClientInfo client) {
    }

    /** The subscription ended: unsubscribe command or the connection closing. */
    default void unsubscribed(String channel, ClientInfo client) {
    }

    /** A client's publish was accepted (not server API publishes). */
    default void clientPublished(String channel, ClientInfo client, Payload data) {
    }

    /** The hub has stopped; called once, last. */
    default void hubClosed() {
    }
}
