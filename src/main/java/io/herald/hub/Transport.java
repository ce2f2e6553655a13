package io.herald.hub;

/**
 * The hub's view of one client connection: an adapter over a WebSocket session.
 *
 * <p>Contract: the hub calls {@link #send} again only after the previous send's callback ran (one
 * send in flight). The callback runs exactly once, on any thread, possibly before {@code send}
 * returns. {@link #close} is idempotent and may be called at any time, also while a send is in
 * flight; it never throws.
 */
public interface Transport {

    void send(Frame frame, SendCallback callback);

    void close(int code, String reason);

    /** The peer's address for logs and per-IP limits; never null. */
    String remoteAddress();

    /**
     * Which transport carries this connection, as metrics and the connect proxy name it:
     * {@code websocket} (the default), {@code http_stream} or {@code sse}.
     */
    default String kind() {
        return "websocket";
    }

    /**
     * Whether consecutive text frames may be joined into one frame, separated by {@code '\n'}, when the
     * client falls behind. Herald's protocol allows it (a client splits a text frame at newlines); Pusher's
     * does not: pusher-js parses each frame as one JSON message and drops one that holds two.
     */
    default boolean joinsTextFrames() {
        return true;
    }

    /**
     * Runs {@code task} on a thread of the kind this transport's writes are made from under load (its
     * container's I/O workers), or at once on the caller's thread when there is no such kind. For the hub's own
     * background threads (the heartbeat's pings): a write from a thread of another class makes the JIT throw
     * away the container's compiled write path, specialised for its workers (Grizzly's per-thread caches), and
     * compile it again while deliveries wait. Never throws.
     */
    default void execute(Runnable task) {
        task.run();
    }

    /** Completion of one send. */
    @FunctionalInterface
    interface SendCallback {
        /** @param error null on success */
        void completed(Throwable error);
    }
}
