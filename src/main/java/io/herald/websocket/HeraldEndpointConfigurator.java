package io.herald.websocket;

import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * Handshake hook of {@link HeraldEndpoint}: negotiates {@value HeraldEndpoint#SUBPROTOCOL}. Containers
 * create one instance per deployment; it holds no state of its own.
 *
 * <p>Nothing per-request is written into {@code sec.getUserProperties()} here: some containers share
 * that map between concurrent handshakes.
 */
public class HeraldEndpointConfigurator extends ServerEndpointConfig.Configurator {
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
