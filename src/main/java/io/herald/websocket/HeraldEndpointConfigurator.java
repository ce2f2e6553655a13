package io.herald.websocket;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * Handshake hook of {@link HeraldEndpoint}: negotiates {@value HeraldEndpoint#SUBPROTOCOL} and hands the
 * handshake's headers to the session (the connect proxy forwards cookies and allow-listed headers).
 * Containers create one instance per deployment; it holds no state of its own.
 *
 * <p>The headers go into the {@code ServerEndpointConfig} passed here, which Tomcat and Tyrus (standalone,
 * GlassFish) create per handshake and copy into the session's user properties; the endpoint removes them
 * at once on open, so an idle connection keeps nothing. A test opens many sockets at once with different
 * cookies and checks each reached the backend with its own.
 */
public class HeraldEndpointConfigurator extends ServerEndpointConfig.Configurator {
    /** User property holding the handshake's headers until {@code onOpen}. */
    public static final String HANDSHAKE_HEADERS = "io.herald.handshake.headers";

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        sec.getUserProperties().put(HANDSHAKE_HEADERS, request.getHeaders());
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        // a client that asks for no subprotocol still gets v1; one that asks only for others gets none
        for (String wanted : requested) {
            if (supported.contains(wanted)) {
                return wanted;
            }
        }
        return "";
    }
}
