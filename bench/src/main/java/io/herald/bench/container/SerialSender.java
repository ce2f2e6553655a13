package io.herald.bench.container;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one session's text messages one at a time through the async remote: the next send starts from the
 * completion of the previous one. The simplest correct broadcast on Tomcat, where a second
 * {@code sendText} while one is in flight fails with TEXT_FULL_WRITING.
 */
final class SerialSender implements SendHandler {
    /** The sender pumping on this thread: a completion reported inside sendText must not recurse. */
    private static final ThreadLocal<SerialSender> PUMPING = new ThreadLocal<>();

    private final RemoteEndpoint.Async remote;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile boolean closed;

    SerialSender(RemoteEndpoint.Async remote) {
        this.remote = remote;
    }

    void send(String message) {
        if (closed) {
            return;
        }
        queue.add(message);
        pump();
    }

    void close() {
        closed = true;
        queue.clear();
    }

    @Override
    public void onResult(SendResult result) {
        inFlight.set(false);
        if (!result.isOK()) {
            close();
            return;
        }
        if (PUMPING.get() != this) {
            pump();
        } // else the pump loop below continues with the next message, without growing the stack
    }

    private void pump() {
        SerialSender outer = PUMPING.get();
        PUMPING.set(this);
        try {
            while (!queue.isEmpty() && inFlight.compareAndSet(false, true)) {
                String next = queue.poll();
                if (next == null) {
                    inFlight.set(false);
                    continue;
                }
                try {
                    remote.sendText(next, this);
                } catch (RuntimeException e) {
                    inFlight.set(false);
                    close();
                    return;
                }
            }
        } finally {
            PUMPING.set(outer);
        }
    }
}
