package io.herald.pusher.websocket;

import io.herald.pusher.PusherService;
import jakarta.websocket.WebSocketContainer;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the {@link PusherService} of a WebSocket container, as {@code HubDirectory} finds the hub: the
 * composition root binds it on start and unbinds it on stop. Weak keys let an undeployed container go.
 */
public final class PusherDirectory {
    private static final Map<WebSocketContainer, PusherService> SERVICES = new WeakHashMap<>();

    private PusherDirectory() {
    }

    public static void bind(WebSocketContainer container, PusherService service) {
        synchronized (SERVICES) {
            SERVICES.put(container, service);
        }
    }

    public static void unbind(WebSocketContainer container) {
        synchronized (SERVICES) {
            SERVICES.remove(container);
        }
    }

    /** @return the service, or null when the Pusher protocol is off or the deployment not (yet) running */
    public static PusherService lookup(WebSocketContainer container) {
        synchronized (SERVICES) {
            return SERVICES.get(container);
        }
    }
}
