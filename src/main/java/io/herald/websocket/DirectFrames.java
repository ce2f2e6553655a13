package io.herald.websocket;

import io.herald.hub.Transport;

/**
 * A way to write finished WebSocket frames straight to a connection's socket writer, past the container's
 * per-message machinery, offered by a composition root that knows its container's transport (standalone:
 * Tyrus on Grizzly). Bound per container in {@link HubDirectory#bindDirectFrames}; servlet containers bind
 * none and keep the portable path.
 *
 * <p>Why: on standalone Tyrus even a pre-framed {@code sendRawFrame} takes the protocol handler's lock, a
 * future, Tyrus's per-connection task queue and the whole Grizzly filter chain for each recipient (about
 * half of a delivery's time in the profile of 2026-12-01). A sink hands the same frame bytes to the
 * connection's write queue directly. Frames are whole and Herald keeps one send in flight per session,
 * so frames written through a sink and through the container never interleave within a frame nor reorder
 * Herald's messages; control frames (pong, close) still go through the container.
 */
public interface DirectFrames {

    /**
     * A sink for the connection under a Tyrus session's writer ({@code org.glassfish.tyrus.spi.Writer}).
     *
     * @param tyrusWriter the session's writer, never null
     * @return the sink, or null when this connection cannot be written directly (e.g. TLS in its chain)
     */
    Sink sinkFor(Object tyrusWriter);

    /** Writes finished frames on one connection. */
    interface Sink {
        /**
         * Queues {@code frame} (complete, unmasked) for writing; {@code done} runs once when it was written
         * or failed, possibly before this returns. Never throws.
         */
        void write(byte[] frame, Transport.SendCallback done);

        /**
         * Runs {@code task} on one of the threads that read and write this connection under load (the
         * transport's workers), or at once when none takes it; for writes that begin on another thread.
         * Never throws. By default at once.
         */
        default void execute(Runnable task) {
            task.run();
        }

        /** Whether the connection is still open (its socket not yet closed by either side). */
        boolean isOpen();

        /**
         * Bytes written to this connection that the socket has not taken yet (the connection's own write queue,
         * in front of the kernel's buffers); falls only when the peer reads. -1 when unknown.
         */
        long pendingBytes();

        /**
         * Ends the connection now, without waiting for queued bytes or a close handshake, if it is still open:
         * for a peer that stopped reading for good after it was closed (its close frame never goes out, so the
         * handshake would never end and the connection would be held until the peer goes away). The container
         * then reports the session closed (1006). Idempotent; never throws.
         */
        void abort();
    }
}
