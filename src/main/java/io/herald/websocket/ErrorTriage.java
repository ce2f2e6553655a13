package io.herald.websocket;

import jakarta.websocket.DecodeException;

import java.io.IOException;

/**
 * Sorts what a container reports to {@code @OnError}: the client's side (it went away, the network
 * failed, it broke the protocol: the container has closed or is closing the session, nothing for us
 * to do) from everything else, which is a bug of ours or of the container and must be seen.
 */
final class ErrorTriage {
    /**
     * Tyrus reports protocol violations (bad UTF-8, oversized or malformed frames) as subclasses of
     * this {@code RuntimeException}. Matched by name: the WAR also runs on containers without Tyrus.
     */
    private static final String TYRUS_PROTOCOL_ERROR = "org.glassfish.tyrus.core.WebSocketException";

    private ErrorTriage() {
    }

    /**
     * Whether the error is the client's side: an {@link IOException} anywhere in the cause chain
     * (broken pipe, reset, closed channel, timeout, Tomcat's protocol errors), a {@link DecodeException}
     * or a Tyrus protocol violation.
     */
    static boolean isClientSide(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof DecodeException || isTyrusProtocolError(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTyrusProtocolError(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(TYRUS_PROTOCOL_ERROR)) {
                return true;
            }
        }
        return false;
    }
}
