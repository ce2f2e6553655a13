package io.herald.hub.redis;

import io.herald.hub.Payload;
import io.herald.hub.PublishOptions;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rediss://} against a real TLS Redis whose certificate is signed by a test CA made with the
 * {@code openssl} command (the test fails if it is missing).
 */
@Tag("integration")
class RedisTlsTest {
    private static final PublishOptions HISTORY = new PublishOptions(10, Duration.ofMinutes(5), null);

    @TempDir
    static Path certs;
    private static RedisServer redis;
    private static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Herald Test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(certs.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf");
        tlsPort = RedisServer.freePort();
        redis = RedisServer.start(List.of("--tls-port", String.valueOf(tlsPort),
                "--tls-cert-file", certs.resolve("server.pem").toString(),
                "--tls-key-file", certs.resolve("server.key").toString(),
                "--tls-ca-cert-file", certs.resolve("ca.pem").toString(), "--tls-auth-clients", "no"));
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(certs.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("the TLS test needs the openssl command (apt-get install -y openssl)", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static RedisSettings settings(boolean verifyPeer, String caFile) {
        String url = "rediss://127.0.0.1:" + tlsPort;
        RedisSettings local = RedisSettings.local(url, "tls:");
        return new RedisSettings(List.of(url), "", local.keyPrefix(), local.connectTimeout(), local.commandTimeout(),
                local.presenceTtl(), local.historyMetaTtl(), local.idempotencyWindow(), verifyPeer, caFile);
    }

    @Test
    void aServerCertificateSignedByTheConfiguredCaIsTrusted() throws Exception {
        try (RedisEngine engine = RedisEngine.start(settings(true, certs.resolve("ca.pem").toString()))) {
            RecordingListener listener = new RecordingListener();
            engine.broker().start(listener);
            awaitReady(engine);
            engine.broker().subscribe("secure");
            engine.broker().publish("secure", Payload.json("1"), null, HISTORY);
            assertEquals(1, listener.nextPublication().offset(), "pub/sub over TLS too");
        }
    }

    @Test
    void anUnknownCaIsRefusedWhenVerifyingPeers() {
        try (RedisEngine engine = RedisEngine.start(settings(true, ""))) {
            assertFalse(engine.broker().isReady(), "the JVM trust store does not know the test CA");
        }
    }

    @Test
    void verificationCanBeSwitchedOff() {
        try (RedisEngine engine = RedisEngine.start(settings(false, ""))) {
            awaitReady(engine);
        }
    }

    /**
     * A TLS handshake on a loaded machine can outlast the 2 s connect timeout of the first try; the shard's
     * monitor retries, so a trusted server must become ready within a bounded time, not at the first look.
     */
    private static void awaitReady(RedisEngine engine) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!engine.broker().isReady() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertTrue(engine.broker().isReady(), "TLS Redis not ready within 30 s");
    }
}
