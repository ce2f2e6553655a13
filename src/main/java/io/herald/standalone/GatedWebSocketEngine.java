package io.herald.standalone;

import io.herald.security.HandshakeGate;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Tyrus's engine behind the {@link HandshakeGate}: a refused handshake is answered with the gate's
 * HTTP status (403 foreign origin, 429 too many connections) and never upgraded.
 *
 * <p>Why here and not in {@code Configurator.checkOrigin}: that hook sees only the Origin value, not the
 * request's Host (needed for the same-origin default), its scheme or its peer address, and cannot answer
 * with anything but 403. The servlet containers get the same gate as a filter (see
 * {@code io.herald.bootstrap.HandshakeFilter}).
 */
final class GatedWebSocketEngine implements WebSocketEngine {
    private static final UpgradeInfo REFUSED = new UpgradeInfo() {
        @Override
        public UpgradeStatus getStatus() {
            return UpgradeStatus.HANDSHAKE_FAILED;
        }

        @Override
        public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
            return null;
        }
    };

    private final WebSocketEngine engine;
    private final HandshakeGate gate;

    GatedWebSocketEngine(WebSocketEngine engine, HandshakeGate gate) {
        this.engine = engine;
        this.gate = gate;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        String peer = request instanceof RequestContext context ? context.getRemoteAddr() : null;
        String remote = gate.clientAddress(peer, request::getHeader);
        HandshakeGate.Verdict verdict = gate.check(request.getHeader(UpgradeRequest.ORIGIN_HEADER),
                request.getHeader(UpgradeRequest.HOST), request.isSecure(), remote);
        if (verdict != HandshakeGate.Verdict.ALLOW) {
            response.setStatus(verdict.status());
            response.setReasonPhrase(verdict.reason());
            response.getHeaders().put("Connection", java.util.List.of("close"));
            return REFUSED;
        }
        if (request instanceof RequestContext context && remote != null && !remote.equals(peer)) {
            // the session's remote address (TyrusSession.getRemoteAddr) is the client behind the trusted proxy
            request = RequestContext.Builder.create(context).remoteAddr(remote).build();
        }
        return engine.upgrade(request, response);
    }

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
        engine.register(serverConfig, contextPath);
    }
}
