package io.herald.security;

import io.herald.config.AuthConfig;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.hub.CloseCode;
import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import io.herald.hub.Identity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Date;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token verification against real signatures: every refusal is {@code unauthorized}, never a crash. */
class JwtVerifierTest {
    private static final Set<String> SUB = Set.of("sub");

    static AuthConfig auth(String secret, String pem, String jwks, String iss, String aud) {
        return new AuthConfig(secret, pem, jwks, Duration.ofSeconds(300), iss, aud, Duration.ofSeconds(5));
    }

    private final JwtVerifier hmac = new JwtVerifier(auth(Tokens.SECRET, "", "", "", ""));

    @Test
    void validHs256TokenYieldsItsClaims() {
        JWTClaimsSet claims = hmac.verify(Tokens.hs256(Tokens.claims("alice", 60).build()), SUB);
        assertEquals("alice", claims.getSubject());
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() {
        String token = Tokens.hs256("another-secret-that-is-also-32-bytes!!", Tokens.claims("alice", 60).build());
        assertUnauthorized(() -> hmac.verify(token, SUB));
    }

    @Test
    void algNoneIsRefused() {
        assertUnauthorized(() -> hmac.verify(Tokens.unsigned(Tokens.claims("alice", 60).build()), SUB));
    }

    @Test
    void tamperedClaimsAreRefused() {
        String token = Tokens.hs256(Tokens.claims("alice", 60).build());
        assertUnauthorized(() -> hmac.verify(Tokens.tampered(token, c -> c.replace("alice", "admin")), SUB));
    }

    @Test
    void otherHmacAlgorithmsAreRefusedEvenWithTheRightSecret() {
        String token = Tokens.sign(JWSAlgorithm.HS512, null, Tokens.claims("alice", 60).build(),
                Tokens.macSigner(Tokens.SECRET + Tokens.SECRET));
        assertUnauthorized(() -> hmac.verify(token, SUB));
    }

    @Test
    void expiredTokenIsRefusedWithTheTokenExpiredCloseCode() {
        String token = Tokens.hs256(Tokens.claims("alice", -60).build());
        HubException e = assertThrows(HubException.class, () -> hmac.verify(token, SUB));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals(CloseCode.TOKEN_EXPIRED, e.closeCode());
    }

    @Test
    void expiryWithinTheClockSkewIsTolerated() {
        assertEquals("alice", hmac.verify(Tokens.hs256(Tokens.claims("alice", -2).build()), SUB).getSubject());
    }

    @Test
    void tokenNotYetValidIsRefused() {
        JWTClaimsSet claims = Tokens.claims("alice", 600).notBeforeTime(new Date(System.currentTimeMillis() + 300_000)).build();
        HubException e = assertUnauthorized(() -> hmac.verify(Tokens.hs256(claims), SUB));
        assertNull(e.closeCode());
    }

    @Test
    void issuerAndAudienceMustMatchWhenConfigured() {
        JwtVerifier strict = new JwtVerifier(auth(Tokens.SECRET, "", "", "https://issuer.example", "herald"));
        JWTClaimsSet good = Tokens.claims("alice", 60).issuer("https://issuer.example").audience("herald").build();
        assertEquals("alice", strict.verify(Tokens.hs256(good), SUB).getSubject());
        assertUnauthorized(() -> strict.verify(Tokens.hs256(Tokens.claims("alice", 60).audience("herald").build()), SUB));
        assertUnauthorized(() -> strict.verify(Tokens.hs256(Tokens.claims("alice", 60)
                .issuer("https://evil.example").audience("herald").build()), SUB));
        assertUnauthorized(() -> strict.verify(Tokens.hs256(Tokens.claims("alice", 60)
                .issuer("https://issuer.example").audience("other").build()), SUB));
    }

    @Test
    void requiredClaimsMustBePresent() {
        assertUnauthorized(() -> hmac.verify(Tokens.hs256(new JWTClaimsSet.Builder().claim("x", 1).build()), SUB));
    }

    @Test
    void malformedTokensAreRefusedWithoutException() {
        for (String bad : new String[]{"", "garbage", "a.b", "a.b.c", "...", "eyJhbGciOiJIUzI1NiJ9.%%%.x",
                "eyJhbGciOiJIUzI1NiJ9..", "x".repeat(JwtVerifier.MAX_TOKEN_CHARS + 1),
                Tokens.hs256(Tokens.claims("a", 60).build()) + ".extra"}) {
            assertUnauthorized(() -> hmac.verify(bad, SUB));
        }
    }

    @Test
    void rs256AndEs256VerifyWithPemKeys() throws Exception {
        KeyPair rsa = Tokens.rsaKeys();
        KeyPair ec = Tokens.ecKeys();
        JwtVerifier rsaVerifier = new JwtVerifier(auth("", Tokens.pem(rsa.getPublic()), "", "", ""));
        JwtVerifier ecVerifier = new JwtVerifier(auth("", Tokens.pem(ec.getPublic()), "", "", ""));
        assertEquals("bob", rsaVerifier.verify(Tokens.rs256(rsa, null, Tokens.claims("bob", 60).build()), SUB).getSubject());
        assertEquals("eve", ecVerifier.verify(Tokens.es256(ec, null, Tokens.claims("eve", 60).build()), SUB).getSubject());
        assertUnauthorized(() -> rsaVerifier.verify(Tokens.rs256(Tokens.rsaKeys(), null, Tokens.claims("bob", 60).build()), SUB));
        assertUnauthorized(() -> ecVerifier.verify(Tokens.es256(Tokens.ecKeys(), null, Tokens.claims("eve", 60).build()), SUB));
        assertUnauthorized(() -> rsaVerifier.verify(Tokens.es256(ec, null, Tokens.claims("eve", 60).build()), SUB));
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        // algorithm confusion: the attacker knows the public key and uses it as an HMAC secret
        KeyPair rsa = Tokens.rsaKeys();
        String pem = Tokens.pem(rsa.getPublic());
        String forged = Tokens.sign(JWSAlgorithm.HS256, null, Tokens.claims("admin", 60).build(), Tokens.macSigner(pem));
        assertUnauthorized(() -> new JwtVerifier(auth("", pem, "", "", "")).verify(forged, SUB));
        assertUnauthorized(() -> new JwtVerifier(auth(Tokens.SECRET, pem, "", "", "")).verify(forged, SUB));
        String forgedDer = Tokens.sign(JWSAlgorithm.HS256, null, Tokens.claims("admin", 60).build(),
                Tokens.macSigner(new String(rsa.getPublic().getEncoded(), StandardCharsets.ISO_8859_1)));
        assertUnauthorized(() -> new JwtVerifier(auth("", pem, "", "", "")).verify(forgedDer, SUB));
    }

    @Test
    void connectionAuthenticatorRefusesSubscriptionTokensAndEmptySubjects() {
        JwtAuthenticator authenticator = new JwtAuthenticator(hmac, false);
        Identity alice = authenticator.authenticate(Tokens.hs256(Tokens.claims("alice", 60).build()));
        assertEquals("alice", alice.user());
        assertTrue(alice.expiresAtMillis() > System.currentTimeMillis());
        assertUnauthorized(() -> authenticator.authenticate(Tokens.hs256(Tokens.claims("alice", 60).claim("channel", "x").build())));
        assertUnauthorized(() -> authenticator.authenticate(Tokens.hs256(Tokens.claims("", 60).build())));
        assertUnauthorized(() -> authenticator.authenticate(null));
        assertEquals(Identity.ANONYMOUS, new JwtAuthenticator(hmac, true).authenticate(null));
    }

    private static HubException assertUnauthorized(org.junit.jupiter.api.function.Executable call) {
        HubException e = assertThrows(HubException.class, call);
        assertEquals(ErrorCode.UNAUTHORIZED, e.code(), e.getMessage());
        return e;
    }
}
