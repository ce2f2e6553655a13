package io.herald.websocket;

import jakarta.websocket.Session;

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

    static String of(Session session) {
        Map<String, Object> props = session.getUserProperties();
        for (String key : KEYS) {
            Object value = props.get(key);
            if (value != null) {
                return value.toString();
            }
        }
        return "unknown";
    }
}
