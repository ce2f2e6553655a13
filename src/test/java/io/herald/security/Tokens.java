package io.herald.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Mints test tokens: real signatures with real keys (nimbus signers), and deliberately broken ones. */
public final class Tokens {
    public static final String SECRET = "test-hmac-secret-that-is-32-bytes-long!";

    private Tokens() {
    }

    public static JWTClaimsSet.Builder claims(String sub, long expiresInSeconds) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(sub).issueTime(new Date());
        if (expiresInSeconds != 0) {
            b.expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000));
        }
        return b;
    }

    public static String hs256(String secret, JWTClaimsSet claims) {
        return sign(JWSAlgorithm.HS256, null, claims, macSigner(secret));
    }

    public static String hs256(JWTClaimsSet claims) {
        return hs256(SECRET, claims);
    }

    public static String rs256(KeyPair keys, String kid, JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS256, kid, claims, new RSASSASigner(keys.getPrivate()));
    }

    public static String es256(KeyPair keys, String kid, JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.ES256, kid, claims, new ECDSASigner((ECPrivateKey) keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: header and claims with an empty signature. */
    public static String unsigned(JWTClaimsSet claims) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".";
    }

    /** Replaces the claims part of a signed token without re-signing (tampering). */
    public static String tampered(String token, UnaryOperator<String> claimsJson) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return parts[0] + "." + b64(claimsJson.apply(claims)) + "." + parts[2];
    }

    public static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    public static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public static JWSSigner macSigner(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSAlgorithm alg, String kid, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
