package io.herald.hub;

/**
 * Told what happens to this node's clients: the seam for backend hooks (webhooks, proxies, audit) that
 * must not live in the hub. Register with {@link Hub#observe}; every method has a no-op default.
 *
 * <p>Contract:
 * <ul>
 *   <li>Notifications after the fact: the event has happened and the client has been answered or is
 *       being answered; an observer cannot veto or change it.</li>
 *   <li>Called synchronously on the thread that handled the event: the client's message thread for
 *       connect, subscribe and unsubscribe; the thread that reported the close for
 *       {@link #disconnected} and for the unsubscribes and presence leaves a close implies. So an
 *       observer must return quickly and never block: hand slow work (HTTP calls) to its own
 *       executor.</li>
 *   <li>Ordering for one client: {@link #connected} first; then, per channel, {@link #subscribed}
 *       before {@link #joined} and {@link #left} before {@link #unsubscribed}; {@link #disconnected}
 *       last, after the unsubscribes of the channels it still held. This holds as long as the
 *       transport reports one client's messages and its close one at a time (JSR 356 containers
 *       do). Different clients' events may interleave and run in parallel.</li>
 *   <li>Only clients that completed {@code connect} are reported; a connection refused or closed
 *       before {@code connect} produces no events.</li>
 *   <li>Local: each node reports its own clients. Presence events ({@link #joined}, {@link #left})
 *       come only in namespaces with presence on.</li>
 *   <li>An observer that throws is logged and ignored; the client and the other observers are not
 *       affected.</li>
 * </ul>
 */
public interface HubObserver {

    /** A client completed {@code connect}. */
    default void connected(ClientInfo client) {
    }

    /**
     * A connected client's connection ended, for any reason.
     *
     * @param code the WebSocket close code the transport reported
     */
    default void disconnected(ClientInfo client, int code) {
    }

    /**
     * The same, with the close reason phrase the transport reported (possibly empty). The hub calls this
     * one; its default hands over to {@link #disconnected(ClientInfo, int)}.
     */
    default void disconnected(ClientInfo client, int code, String reason) {
        disconnected(client, code);
    }

    /** A client's subscribe succeeded (its reply is queued). */
    default void subscribed(String channel, ClientInfo client) {
    }

    /** A client left a channel: by {@code unsubscribe} or because its connection ended. */
    default void unsubscribed(String channel, ClientInfo client) {
    }

    /** A client was added to the channel's presence. */
    default void joined(String channel, ClientInfo client) {
    }

    /** A client was removed from the channel's presence. */
    default void left(String channel, ClientInfo client) {
    }

    /** A client's publish was accepted (not HTTP API publishes). */
    default void clientPublished(String channel, ClientInfo client, Payload data) {
    }

    /**
     * A subscriber of a channel that replays its last publication on subscribe (Pusher's cache channels)
     * found none: reported by the protocol edge that knows the channel kind.
     */
    default void cacheMiss(String channel, ClientInfo client) {
    }

    /** The hub has stopped (after the drain, broker and presence store); called once, last. */
    default void hubClosed() {
    }
}
