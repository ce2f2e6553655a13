package io.herald.security;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.herald.config.ConfigException;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads RSA and EC public keys from PEM text ({@code PUBLIC KEY} or {@code CERTIFICATE} blocks), JDK only. */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (PUBLIC KEY|CERTIFICATE)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemKeys() {
    }

    /** @throws ConfigException when the text holds no usable public key */
    static List<JWK> parse(String pem) {
        List<JWK> keys = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            try {
                PublicKey key = "CERTIFICATE".equals(m.group(1))
                        ? CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey()
                        : publicKey(der);
                keys.add(toJwk(key));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw ConfigException.invalid("auth.publicKeyPem", "an unreadable key (" + e.getMessage() + ")",
                        "PEM public keys or certificates (RSA or EC)", e);
            }
        }
        if (keys.isEmpty()) {
            throw ConfigException.invalid("auth.publicKeyPem", "text without a PEM block",
                    "'-----BEGIN PUBLIC KEY-----' or '-----BEGIN CERTIFICATE-----' blocks");
        }
        return keys;
    }

    private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        }
    }

    private static JWK toJwk(PublicKey key) throws GeneralSecurityException {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new GeneralSecurityException("RSA keys must have at least 2048 bits");
            }
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (!Curve.P_256.equals(curve)) {
                throw new GeneralSecurityException("EC keys must be on P-256 (ES256)");
            }
            return new ECKey.Builder(curve, ec).build();
        }
        throw new GeneralSecurityException("unsupported key type " + key.getAlgorithm());
    }
}
