package io.herald.security;

import io.herald.testing.HeraldServer;
import io.herald.testing.RawWebSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The configured Origin allow-list on the standalone server (Tyrus engine behind the handshake gate). */
@Tag("integration")
class OriginCheckTest {

    @Test
    void onlyListedOriginsPassWhenAListIsConfigured() throws Exception {
        try (HeraldServer server = HeraldServer.start("{\"allowAnonymous\":true,\"security\":{"
                + "\"allowedOrigins\":[\"https://app.example.com\",\"http://localhost:3000\"],\"allowMissingOrigin\":false}}")) {
            String own = "http://127.0.0.1:" + server.server().port();
            assertEquals(101, status(server, "https://app.example.com"));
            assertEquals(101, status(server, "http://LOCALHOST:3000"));
            assertEquals(403, status(server, own), "a list replaces the same-origin default");
            assertEquals(403, status(server, "https://app.example.com.evil.net"));
            assertEquals(403, status(server, "http://app.example.com"));
            assertEquals(403, status(server, null), "allowMissingOrigin is off");
            // the two accepted sockets were closed by the client; the server notices asynchronously
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (server.server().hub().stats().connections() != 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            assertEquals(0, server.server().hub().stats().connections(), "refused handshakes never became connections");
        }
    }

    @Test
    void starAllowsEveryOriginForDevelopment() throws Exception {
        try (HeraldServer server = HeraldServer.start("{\"allowAnonymous\":true,\"security\":{\"allowedOrigins\":[\"*\"]}}")) {
            assertEquals(101, status(server, "http://anything.example"));
        }
    }

    private static int status(HeraldServer server, String origin) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("Origin", origin);
        try (RawWebSocket socket = RawWebSocket.connect(server.wsUri(), headers)) {
            return socket.handshakeStatus();
        }
    }
}
