package io.herald.websocket;

import io.herald.hub.Hub;
import jakarta.websocket.WebSocketContainer;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the hub serving a WebSocket container.
 *
 * <p>Why this exists: containers create annotated endpoints and their configurators themselves (Tyrus
 * even ignores a configurator instance passed in a {@code ServerEndpointConfig} for annotated classes),
 * so a hub cannot be handed to them by constructor. Each deployment (a WAR in Tomcat/GlassFish, or one
 * standalone server) owns exactly one {@link WebSocketContainer}, which every session reports through
 * {@code Session.getContainer()}. The composition root binds its hub to that container on start and
 * unbinds on stop, so several hubs in one JVM (tests, multi-node) never see each other's state.
 * Keys are weak so an undeployed application's container can be collected.
 */
public final class HubDirectory {
    private static final Map<WebSocketContainer, Hub> HUBS = new WeakHashMap<>();

    private HubDirectory() {
    }

    public static void bind(WebSocketContainer container, Hub hub) {
        synchronized (HUBS) {
            HUBS.put(container, hub);
        }
    }

    public static void unbind(WebSocketContainer container) {
        synchronized (HUBS) {
            HUBS.remove(container);
        }
    }

    /** @return the hub bound to the container, or null when none is (deployment still starting or stopped) */
    public static Hub lookup(WebSocketContainer container) {
        synchronized (HUBS) {
            return HUBS.get(container);
        }
    }
}
