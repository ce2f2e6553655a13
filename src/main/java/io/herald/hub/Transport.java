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

    /** Completion of one send. */
    @FunctionalInterface
    interface SendCallback {
        /** @param error null on success */
        void completed(Throwable error);
    }
}
