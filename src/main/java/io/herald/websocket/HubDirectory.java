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
 *
 * <p>Each binding also owns the {@link SessionCloser} its sessions close through; unbinding stops it.
 */
public final class HubDirectory {
    private static final Map<WebSocketContainer, Binding> HUBS = new WeakHashMap<>();
    private static final Map<WebSocketContainer, DirectFrames> DIRECT = new WeakHashMap<>();
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private HubDirectory() {
    }

    public static void bind(WebSocketContainer container, Hub hub) {
        Binding old;
        synchronized (HUBS) {
            old = HUBS.put(container, new Binding(hub, new SessionCloser()));
        }
        if (old != null) {
            old.closer().shutdown(CLOSE_WAIT_MILLIS);
        }
    }

    /** Unbinds the container's hub, first letting pending closes finish (at most ~10 s). */
    public static void unbind(WebSocketContainer container) {
        Binding old;
        synchronized (HUBS) {
            old = HUBS.remove(container);
        }
        bindDirectFrames(container, null);
        if (old != null) {
            old.closer().shutdown(CLOSE_WAIT_MILLIS);
        }
    }

    /** @return the hub bound to the container, or null when none is (deployment still starting or stopped) */
    public static Hub lookup(WebSocketContainer container) {
        synchronized (HUBS) {
            Binding binding = HUBS.get(container);
            return binding == null ? null : binding.hub();
        }
    }

    /**
     * Lets the container's sessions write their frames through {@code frames} (standalone only); null
     * unbinds. Sessions opened before keep the path they started with.
     */
    public static void bindDirectFrames(WebSocketContainer container, DirectFrames frames) {
        synchronized (DIRECT) {
            if (frames == null) {
                DIRECT.remove(container);
            } else {
                DIRECT.put(container, frames);
            }
        }
    }

    /** @return the direct frame writer bound to the container, or null (the portable path) */
    static DirectFrames directFrames(WebSocketContainer container) {
        synchronized (DIRECT) {
            return DIRECT.get(container);
        }
    }

    static SessionCloser closer(WebSocketContainer container) {
        synchronized (HUBS) {
            Binding binding = HUBS.get(container);
            return binding == null ? null : binding.closer();
        }
    }

    private record Binding(Hub hub, SessionCloser closer) {
    }
}
