package io.herald.transport.http;

import io.herald.hub.Transport;

/**
 * The write side of one long-lived HTTP response, over whatever container carries it (servlet async
 * I/O, Grizzly). Writes never block the caller: a write that the socket cannot take at once completes
 * later, when the container says the connection is writable again.
 *
 * <p>Contract: at most one write in flight (the caller waits for its callback before the next one);
 * each write is flushed to the network at once (no buffering by the container); the callback runs
 * exactly once, on any thread, possibly before {@code write} returns. {@link #end()} is idempotent,
 * may be called at any time and never throws.
 */
interface StreamSink {

    /** Begins writing, once the owner is attached ({@link #onEnded}); a write before it waits. */
    default void start() {
    }

    void write(byte[] bytes, Transport.SendCallback done);

    /** Whether a write is waiting for the socket to drain (the stream is stalled). */
    boolean stalled();

    /** Ends the response (the stream's last chunk). */
    void end();

    /** Tells the owner when the response ended for any reason: ended here, client gone, I/O error. */
    void onEnded(Runnable listener);
}
