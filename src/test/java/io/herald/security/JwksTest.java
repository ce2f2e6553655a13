package io.herald.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.herald.hub.CloseCode;
import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys from a JWKS URL (a real HTTP server on loopback): cached, refetched for new key ids, rate-limited. */
@Tag("integration")
class JwksTest {
    private static final Set<String> SUB = Set.of("sub");

    private HttpServer server;
    private final AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger fetches = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    private static String set(KeyPair keys, String kid) {
        return new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID(kid).build()).toString();
    }

    @Test
    void tokensVerifyAgainstTheJwksAndTheSetIsCached() throws Exception {
        KeyPair k1 = Tokens.rsaKeys();
        jwks.set(set(k1, "k1"));
        JwtVerifier verifier = new JwtVerifier(JwtVerifierTest.auth("", "", url(), "", ""));
        for (int i = 0; i < 20; i++) {
            assertEquals("alice", verifier.verify(Tokens.rs256(k1, "k1", Tokens.claims("alice", 60).build()), SUB).getSubject());
        }
        assertEquals(1, fetches.get(), "one fetch serves many tokens");
    }

    @Test
    void rotatedKeysAreFetchedWhenATokenNamesANewKeyId() throws Exception {
        KeyPair k1 = Tokens.rsaKeys();
        KeyPair k2 = Tokens.rsaKeys();
        jwks.set(set(k1, "k1"));
        JwtVerifier verifier = new JwtVerifier(JwtVerifierTest.auth("", "", url(), "", ""));
        verifier.verify(Tokens.rs256(k1, "k1", Tokens.claims("alice", 60).build()), SUB);
        jwks.set(set(k2, "k2"));
        String rotated = Tokens.rs256(k2, "k2", Tokens.claims("alice", 60).build());
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try {
                assertEquals("alice", verifier.verify(rotated, SUB).getSubject());
                break;
            } catch (HubException e) {
                // refetches are rate-limited (one per 5 s), so the first tries may still see the old set
                assertTrue(System.nanoTime() < deadline, "rotated key never picked up: " + e.getMessage());
                Thread.sleep(200);
            }
        }
        assertTrue(fetches.get() <= 3, "refetches are rate-limited, got " + fetches.get());
    }

    @Test
    void unknownKeyIdsCannotFloodTheKeyServer() throws Exception {
        KeyPair k1 = Tokens.rsaKeys();
        jwks.set(set(k1, "k1"));
        JwtVerifier verifier = new JwtVerifier(JwtVerifierTest.auth("", "", url(), "", ""));
        for (int i = 0; i < 50; i++) {
            String token = Tokens.rs256(k1, "random-" + i, Tokens.claims("alice", 60).build());
            assertThrows(HubException.class, () -> verifier.verify(token, SUB));
        }
        assertTrue(fetches.get() <= 2, "50 unknown key ids caused " + fetches.get() + " fetches");
    }

    @Test
    void unreachableJwksIsUnavailableNotUnauthorized() throws Exception {
        KeyPair k1 = Tokens.rsaKeys();
        server.stop(0);
        JwtVerifier verifier = new JwtVerifier(JwtVerifierTest.auth("", "", url(), "", ""));
        HubException e = assertThrows(HubException.class,
                () -> verifier.verify(Tokens.rs256(k1, "k1", Tokens.claims("alice", 60).build()), SUB));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(CloseCode.TRY_AGAIN_LATER, e.closeCode());
    }
}
