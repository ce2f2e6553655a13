package io.herald.standalone;

import io.herald.security.HandshakeGate;
import io.herald.websocket.ContainerIdleTimeout;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Tyrus's server container without a server of its own: Grizzly's HttpServer (built by
 * {@link StandaloneServer}, bound to the requested host) carries it through a filter. Tyrus's
 * bundled Grizzly container binds 0.0.0.0 whatever host it is given, hence this class.
 */
final class HeraldTyrusContainer extends TyrusServerContainer {
    private final TyrusWebSocketEngine engine;
    private final WebSocketEngine gated;
    private String contextPath = "";
    private final java.util.Map<String, Object> properties = new java.util.concurrent.ConcurrentHashMap<>();

    HeraldTyrusContainer(int incomingBufferSize, HandshakeGate gate) {
        super((java.util.Set<Class<?>>) null);
        this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
        this.gated = new GatedWebSocketEngine(engine, gate);
        // negative, not Tyrus's 0: each session's constructor then schedules no idle-timeout task (see
        // ContainerIdleTimeout); the hub's heartbeat bounds idle clients
        setDefaultMaxSessionIdleTimeout(ContainerIdleTimeout.NEVER);
    }

    @Override
    public void start(String rootPath, int port) throws java.io.IOException, DeploymentException {
        contextPath = rootPath;
        super.start(rootPath, port);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, contextPath);
    }

    /** Tyrus's container properties (executor options): none are set, Tyrus's defaults hold. */
    @Override
    public java.util.Map<String, Object> getProperties() {
        return properties;
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return gated; // every handshake passes the gate first (origin, per-address rate)
    }
}
