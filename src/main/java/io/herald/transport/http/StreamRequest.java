package io.herald.transport.http;

import java.util.List;
import java.util.Map;

/**
 * A request that opens an HTTP stream, as the container adapters see it.
 *
 * @param origin        the Origin header or null
 * @param host          the Host header or null
 * @param secure        whether it came over TLS
 * @param remoteAddress the client's IP address: the peer's, or the one a trusted proxy forwards
 *                      ({@link HttpTransports#clientAddress})
 * @param connect       the {@code connect} command (JSON) carried by the request, or null when the
 *                      client sends it later through the emulation endpoint
 * @param headers       the request's headers (for the connect proxy, as a WebSocket handshake's)
 * @param lastEventId   the {@code Last-Event-ID} header of a reconnecting EventSource, or null
 */
record StreamRequest(String origin, String host, boolean secure, String remoteAddress, String connect,
                     Map<String, List<String>> headers, String lastEventId) {
}
