package io.herald.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code security} section plus the handshake limits of {@code limits}; {@code docs/security.md}
 * explains each key.
 *
 * @param allowedOrigins     origins allowed to open WebSockets; empty = the server's own origin only
 * @param allowMissingOrigin whether handshakes without Origin (non-browser clients) pass
 * @param handshakeTimeout   standalone: a connection must complete its HTTP request within this
 * @param newConnectionsPerSecondPerIp handshakes per second per address (0 = unlimited); over it: HTTP 429
 * @param newConnectionsBurstPerIp     burst of handshakes allowed per address
 * @param adminPaths         URL path prefixes of the admin pages
 * @param adminKeys          credentials for the admin pages; empty = the pages are public
 * @param metricsKeys        credentials for {@code /metrics}; empty = the HTTP API keys
 */
public record SecurityConfig(List<String> allowedOrigins, boolean allowMissingOrigin, Duration handshakeTimeout,
                             int newConnectionsPerSecondPerIp, int newConnectionsBurstPerIp,
                             List<String> adminPaths, List<String> adminKeys, List<String> metricsKeys) {
    private static final int MIN_KEY_LENGTH = 16;

    static SecurityConfig from(ConfigNode security, ConfigNode limits) {
        return new SecurityConfig(security.strings("allowedOrigins", 0), security.bool("allowMissingOrigin"),
                security.seconds("handshakeTimeoutSeconds", 1, 3600),
                limits.integer("newConnectionsPerSecondPerIp", 0, 1_000_000),
                limits.integer("newConnectionsBurstPerIp", 1, 1_000_000),
                security.strings("adminPaths", 0),
                security.strings("adminKeys", MIN_KEY_LENGTH),
                security.strings("metricsKeys", MIN_KEY_LENGTH));
    }
}
