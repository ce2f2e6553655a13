package io.herald.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Token authentication ({@code auth.*}). At most one of the public-key sources is used: the PEM text,
 * else the PEM file (read here, at start), else the JWKS URL. The HMAC secret can be combined with one of them.
 */
public record AuthConfig(String hmacSecret, String publicKeyPem, String jwksUrl, Duration jwksCache,
                         String issuer, String audience, Duration clockSkew) {

    /** Whether any key is configured, i.e. whether tokens can be verified at all. */
    public boolean configured() {
        return !hmacSecret.isEmpty() || !publicKeyPem.isEmpty() || !jwksUrl.isEmpty();
    }

    static AuthConfig from(ConfigNode a) {
        String secret = a.string("hmacSecret");
        if (!secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            // HS256 needs a 256-bit key; a short secret is brute-forceable offline from any token
            throw a.invalid("hmacSecret", "\"\" or a secret of at least 32 bytes");
        }
        String pem = a.string("publicKeyPem");
        String file = a.string("publicKeyFile");
        if (pem.isEmpty() && !file.isEmpty()) {
            try {
                pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw ConfigException.invalid(a.path("publicKeyFile"), file,
                        "a readable PEM file (" + e.getMessage() + ")", e);
            }
        }
        String jwks = a.string("jwksUrl");
        if (!jwks.isEmpty() && !jwks.startsWith("https://") && !jwks.startsWith("http://")) {
            throw ConfigException.invalid(a.path("jwksUrl"), "\"" + jwks + "\"", "\"\" or an http(s) URL");
        }
        return new AuthConfig(secret, pem, jwks, a.seconds("jwksCacheSeconds", 10, 86_400),
                a.string("issuer"), a.string("audience"), a.seconds("clockSkewSeconds", 0, 600));
    }
}
