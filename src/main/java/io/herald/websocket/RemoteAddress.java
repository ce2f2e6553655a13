package io.herald.websocket;

import jakarta.websocket.Session;

import java.net.InetSocketAddress;
import java.util.Map;

/** Best-effort peer address: JSR 356 has no standard property, each container publishes its own. */
final class RemoteAddress {
    private static final String[] KEYS = {
            "jakarta.websocket.endpoint.remoteAddress", // Tomcat 10.1+
            "org.glassfish.tyrus.remoteAddr",
            "remoteAddress"
    };

    private RemoteAddress() {
    }

    /** The peer's IP address without port (per-address limits count connections by it). */
    static String of(Session session) {
        if (session.getUserPrincipal() instanceof HandshakeAddress resolved) {
            return resolved.address(); // set by Herald's handshake filter: the peer, or the client behind a trusted proxy
        }
        Map<String, Object> props = session.getUserProperties();
        for (String key : KEYS) {
            Object value = props.get(key);
            if (value instanceof InetSocketAddress address) {
                return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
            }
            if (value != null) {
                return hostOnly(value.toString());
            }
        }
        return fromTyrus(session);
    }

    /**
     * Tyrus (standalone, GlassFish) publishes no property but has {@code TyrusSession.getRemoteAddr()};
     * called reflectively because Tyrus classes are absent in Tomcat.
     */
    private static String fromTyrus(Session session) {
        try {
            Object value = session.getClass().getMethod("getRemoteAddr").invoke(session);
            return value == null ? "unknown" : hostOnly(value.toString());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {@code /127.0.0.1:5000} or {@code 127.0.0.1:5000} to {@code 127.0.0.1}; IPv6 and bare addresses unchanged. */
    static String hostOnly(String address) {
        String a = address.startsWith("/") ? address.substring(1) : address;
        int colon = a.lastIndexOf(':');
        if (colon > 0 && a.indexOf(':') == colon) { // exactly one colon: IPv4 or name with a port
            return a.substring(0, colon);
        }
        if (a.startsWith("[") && a.contains("]:")) { // [v6]:port
            return a.substring(1, a.indexOf("]:"));
        }
        return a;
    }
}
