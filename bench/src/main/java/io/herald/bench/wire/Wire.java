package io.herald.bench.wire;

import java.util.List;

/**
 * One server's dialect, as the load generator speaks it: the handshake path, how a connection
 * subscribes, how a publication is framed, and which server messages need an answer.
 *
 * <p>Every dialect carries the publisher's payload verbatim inside a JSON string, so the subscriber
 * finds the send time by scanning each received text frame for {@link Payloads#MARKER}.
 */
public interface Wire {

    /** Request path with query, e.g. {@code /ws}. */
    String path();

    /** Subprotocol to request, or null. */
    String subprotocol();

    /** Text messages to send right after the handshake to subscribe to {@code channels}. */
    List<String> subscribe(List<String> channels, int firstId);

    /** Messages to send once the {@code ack}-th acknowledgement (1-based) arrived; usually none. */
    default List<String> afterAck(int ack, List<String> channels) {
        return List.of();
    }

    /** How many acknowledgements the server sends for {@link #subscribe} and {@link #afterAck}. */
    int acksFor(int channels);

    /** The publication command for {@code payloadJson} (a JSON string literal) on {@code channel}. */
    String publish(String channel, String payloadJson, int id);

    /** What the server's text message is. */
    Kind classify(CharSequence text);

    /** The answer to a server ping message (classified {@link Kind#PING}). */
    String pong();

    /**
     * Whether one text frame may hold several newline-separated messages (Herald's protocol: the server
     * coalesces under load). False for a protocol whose clients parse a frame as one message (Pusher): such a
     * frame is a failure of the server, as the real client would lose it.
     */
    default boolean manyMessagesPerFrame() {
        return true;
    }

    /** The dialect the publisher speaks to the same server (usually this one). */
    default Wire publisherWire() {
        return this;
    }

    enum Kind { ACK, ERROR, PING, DATA, OTHER }

    /** A publisher dialect that publishes over HTTP instead of a WebSocket (one request per publication). */
    interface OverHttp {
        /** The request that publishes {@code payloadJson} (a JSON string literal) on {@code channel}. */
        java.net.http.HttpRequest request(java.net.URI base, String channel, String payloadJson);
    }

    static Wire named(String name) {
        return switch (name) {
            case "herald" -> new HeraldWire();
            case "simple" -> new SimpleWire();
            case "socketio" -> new SocketIoWire();
            case "pusher" -> new PusherWire(false);
            case "pusher-api" -> new PusherWire(true);
            default -> throw new IllegalArgumentException("unknown wire " + name);
        };
    }

    /** The dialect {@code name} served under the context path {@code prefix} ("" = the root). */
    static Wire named(String name, String prefix) {
        Wire wire = named(name);
        return prefix == null || prefix.isEmpty() ? wire : new PrefixedWire(wire, prefix);
    }
}
