package io.herald.transport.http;

/**
 * A request that opens an HTTP stream, as the container adapters see it.
 *
 * @param origin        the Origin header or null
 * @param host          the Host header or null
 * @param secure        whether it came over TLS
 * @param remoteAddress the peer's IP address
 * @param connect       the {@code connect} command (JSON) carried by the request, or null when the
 *                      client sends it later through the emulation endpoint
 */
record StreamRequest(String origin, String host, boolean secure, String remoteAddress, String connect) {
}
