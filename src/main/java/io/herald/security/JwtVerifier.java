package io.herald.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.herald.config.AuthConfig;
import io.herald.config.ConfigException;
import io.herald.hub.CloseCode;
import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;

import javax.crypto.spec.SecretKeySpec;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies signed JWTs with nimbus-jose-jwt against the configured keys and claims.
 *
 * <p>Algorithms are tied to key types so that no token can pick its own verification key:
 * {@code HS256} is verified only with the shared secret, {@code RS256}/{@code ES256} only with the
 * public key (PEM) or the JWKS. Anything else, {@code alg: none} included, finds no key and is
 * refused; so is a token "signed" with HS256 using the public key as the secret (algorithm confusion).
 * Claims: {@code exp} and {@code nbf} are checked with the configured clock skew; {@code iss} and
 * {@code aud} must match when configured; required claims are listed per use.
 *
 * <p>JWKS: fetched over HTTP(S) with 2 s timeouts and a 512 KiB limit, cached for
 * {@code auth.jwksCacheSeconds}; a token naming an unknown key id triggers a refetch, at most one per
 * {@value #JWKS_MIN_REFETCH_MILLIS} ms (so random key ids cannot flood the key server).
 *
 * <p>Thread-safe after construction. {@link #verify} blocks only while a JWKS fetch is due.
 */
public final class JwtVerifier {
    /** Longest token accepted; real tokens are a few hundred bytes to a few KiB. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final long JWKS_MIN_REFETCH_MILLIS = 5_000;
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final SecretKeySpec secret;
    private final JWSKeySelector<SecurityContext> asymmetric;
    private final AuthConfig config;
    private final java.util.Map<Set<String>, DefaultJWTProcessor<SecurityContext>> processors =
            new java.util.concurrent.ConcurrentHashMap<>();

    public JwtVerifier(AuthConfig config) {
        this.config = config;
        this.secret = config.hmacSecret().isEmpty() ? null
                : new SecretKeySpec(config.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        JWKSource<SecurityContext> keys = publicKeys(config);
        this.asymmetric = keys == null ? null : new JWSVerificationKeySelector<>(ASYMMETRIC, keys);
    }

    private static JWKSource<SecurityContext> publicKeys(AuthConfig config) {
        if (!config.publicKeyPem().isEmpty()) {
            return new ImmutableJWKSet<>(new JWKSet(PemKeys.parse(config.publicKeyPem())));
        }
        if (!config.jwksUrl().isEmpty()) {
            try {
                long ttl = config.jwksCache().toMillis();
                return JWKSourceBuilder.create(URI.create(config.jwksUrl()).toURL(),
                                new DefaultResourceRetriever(2000, 2000, 512 * 1024))
                        .cache(ttl, 2500)
                        .rateLimited(JWKS_MIN_REFETCH_MILLIS)
                        .retrying(false)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw ConfigException.invalid("auth.jwksUrl", "\"" + config.jwksUrl() + "\"",
                        "\"\" or a valid http(s) URL (" + e.getMessage() + ")", e);
            }
        }
        return null;
    }

    /**
     * Verifies a token and returns its claims.
     *
     * @param required claims that must be present (besides those implied by the config)
     * @throws HubException {@code unauthorized}; for an expired but otherwise valid token the exception
     *                      carries {@link CloseCode#TOKEN_EXPIRED} so the client fetches a new token
     */
    public JWTClaimsSet verify(String token, Set<String> required) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw unauthorized("token too long");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw unauthorized("malformed token");
        }
        try {
            return processors.computeIfAbsent(Set.copyOf(required), this::processor).process(jwt, null);
        } catch (BadJWTException e) {
            // signature already verified: only claims failed
            if (isExpired(jwt)) {
                throw new HubException(ErrorCode.UNAUTHORIZED, "token expired", CloseCode.TOKEN_EXPIRED);
            }
            throw unauthorized("token rejected: " + e.getMessage());
        } catch (KeySourceException e) {
            throw new HubException(ErrorCode.UNAVAILABLE, "token keys cannot be fetched; retry later",
                    CloseCode.TRY_AGAIN_LATER);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            throw unauthorized("invalid token signature or algorithm");
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(Set<String> required) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(this::selectKeys);
        Set<String> claims = new HashSet<>(required);
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!config.issuer().isEmpty()) {
            exact.issuer(config.issuer());
        }
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                config.audience().isEmpty() ? null : config.audience(), exact.build(), claims);
        verifier.setMaxClockSkew((int) config.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(verifier);
        return processor;
    }

    private List<? extends Key> selectKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        JWSAlgorithm alg = header.getAlgorithm();
        if (JWSAlgorithm.HS256.equals(alg)) {
            return secret == null ? List.of() : List.of(secret);
        }
        if (ASYMMETRIC.contains(alg) && asymmetric != null) {
            return asymmetric.selectJWSKeys(header, context);
        }
        return List.of(); // none, HS384/512, PS*, ... : no key, refused
    }

    private boolean isExpired(SignedJWT jwt) {
        try {
            java.util.Date exp = jwt.getJWTClaimsSet().getExpirationTime();
            return exp != null && exp.getTime() + config.clockSkew().toMillis() < System.currentTimeMillis();
        } catch (ParseException e) {
            return false;
        }
    }

    private static HubException unauthorized(String message) {
        return new HubException(ErrorCode.UNAUTHORIZED, message);
    }
}
