package io.herald.security;

import io.herald.config.ConfigException;
import io.herald.config.HeraldConfig;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The security sections of the configuration ({@code security}, {@code auth}, {@code server.tls} and
 * the handshake limits in {@code limits}), read from the merged config document and validated.
 * Defaults live in {@code defaults.json}; {@code docs/security.md} explains each key.
 *
 * @param allowedOrigins     origins allowed to open WebSockets; empty = the server's own origin only
 * @param allowMissingOrigin whether handshakes without Origin (non-browser clients) pass
 * @param handshakeTimeout   standalone: a connection must complete its HTTP request within this
 * @param newConnectionsPerSecondPerIp handshakes per second per address (0 = unlimited); over it: HTTP 429
 * @param newConnectionsBurstPerIp     burst of handshakes allowed per address
 * @param adminPaths         URL path prefixes of the admin pages
 * @param adminKeys          credentials for the admin pages; empty = the pages are public
 * @param metricsKeys        credentials for {@code /metrics}; empty = the HTTP API keys
 * @param auth               token authentication
 * @param tls                standalone TLS
 */
public record SecurityConfig(List<String> allowedOrigins, boolean allowMissingOrigin, Duration handshakeTimeout,
                             int newConnectionsPerSecondPerIp, int newConnectionsBurstPerIp,
                             List<String> adminPaths, List<String> adminKeys, List<String> metricsKeys,
                             Auth auth, Tls tls) {

    /**
     * Token authentication ({@code auth.*}). At most one of the public-key sources is used: the PEM text,
     * else the PEM file, else the JWKS URL. The HMAC secret can be combined with one of them.
     */
    public record Auth(String hmacSecret, String publicKeyPem, String jwksUrl, Duration jwksCache,
                       String issuer, String audience, Duration clockSkew) {
        /** Whether any key is configured, i.e. whether tokens can be verified at all. */
        public boolean configured() {
            return !hmacSecret.isEmpty() || !publicKeyPem.isEmpty() || !jwksUrl.isEmpty();
        }
    }

    /** Standalone TLS ({@code server.tls.*}). */
    public record Tls(boolean enabled, String keystore, String keystorePassword, String keystoreType) {
    }

    public static SecurityConfig from(HeraldConfig config) {
        return from(config.tree());
    }

    public static SecurityConfig from(JsonObject tree) {
        JsonObject security = tree.getJsonObject("security");
        JsonObject limits = tree.getJsonObject("limits");
        return new SecurityConfig(strings(security, "security", "allowedOrigins"),
                security.getBoolean("allowMissingOrigin"),
                Duration.ofSeconds(integer(security, "security", "handshakeTimeoutSeconds", 1, 3600)),
                integer(limits, "limits", "newConnectionsPerSecondPerIp", 0, 1_000_000),
                integer(limits, "limits", "newConnectionsBurstPerIp", 1, 1_000_000),
                strings(security, "security", "adminPaths"),
                keys(security, "security", "adminKeys"),
                keys(security, "security", "metricsKeys"),
                auth(tree.getJsonObject("auth")),
                tls(tree.getJsonObject("server").getJsonObject("tls")));
    }

    private static Auth auth(JsonObject a) {
        String secret = a.getString("hmacSecret");
        if (!secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            // HS256 needs a 256-bit key; a short secret is brute-forceable offline from any token
            throw new ConfigException("config key 'auth.hmacSecret' must be at least 32 bytes");
        }
        String pem = a.getString("publicKeyPem");
        String file = a.getString("publicKeyFile");
        if (pem.isEmpty() && !file.isEmpty()) {
            try {
                pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new ConfigException("config key 'auth.publicKeyFile': cannot read " + file + ": " + e.getMessage());
            }
        }
        String jwks = a.getString("jwksUrl");
        if (!jwks.isEmpty() && !jwks.startsWith("https://") && !jwks.startsWith("http://")) {
            throw new ConfigException("config key 'auth.jwksUrl' must be an http(s) URL");
        }
        return new Auth(secret, pem, jwks, Duration.ofSeconds(integer(a, "auth", "jwksCacheSeconds", 10, 86_400)),
                a.getString("issuer"), a.getString("audience"),
                Duration.ofSeconds(integer(a, "auth", "clockSkewSeconds", 0, 600)));
    }

    private static Tls tls(JsonObject t) {
        Tls tls = new Tls(t.getBoolean("enabled"), t.getString("keystore"), t.getString("keystorePassword"),
                t.getString("keystoreType"));
        if (tls.enabled() && tls.keystore().isEmpty()) {
            throw new ConfigException("config key 'server.tls.keystore' is required when server.tls.enabled is true");
        }
        return tls;
    }

    private static List<String> keys(JsonObject o, String section, String key) {
        List<String> keys = strings(o, section, key);
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).length() < 16) {
                throw new ConfigException("config key '" + section + "." + key + "[" + i
                        + "]' must be at least 16 characters");
            }
        }
        return keys;
    }

    private static List<String> strings(JsonObject o, String section, String key) {
        JsonArray array = o.getJsonArray(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString s)) {
                throw new ConfigException("config key '" + section + "." + key + "[" + i + "]' must be a string");
            }
            out.add(s.getString());
        }
        return List.copyOf(out);
    }

    private static int integer(JsonObject o, String section, String key, int min, int max) {
        JsonValue v = o.get(key);
        String name = section + "." + key;
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new ConfigException("config key '" + name + "' must be an integer");
        }
        long value;
        try {
            value = n.longValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException("config key '" + name + "' is out of range");
        }
        if (value < min || value > max) {
            throw new ConfigException("config key '" + name + "' must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }
}
