package io.herald.websocket;

import java.security.Principal;

/**
 * The client address Herald resolved at the handshake (peer address, or the forwarded one from a
 * trusted proxy), carried to the WebSocket session as its user principal. JSR 356 gives an endpoint no
 * peer address (Tomcat publishes none) and no handshake headers, but every container hands the
 * handshake request's principal to the session. Herald authenticates with tokens in {@code connect},
 * never with the container's principal, so nothing else reads it.
 */
public record HandshakeAddress(String address) implements Principal {
    @Override
    public String getName() {
        return address;
    }
}
