package io.herald.standalone;

import io.herald.config.ConfigLoader;
import io.herald.testing.RawWebSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads of upgraded connections skip Grizzly's HTTP codec (and its retained request is freed);
 * they must behave exactly as before, and HTTP connections must stay on the codec.
 */
@Tag("integration")
class UpgradedBypassTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static StandaloneServer start() throws Exception {
        return StandaloneServer.start(ConfigLoader.load(new StringReader("{\"allowAnonymous\":true}"), "test",
                Map.of("HERALD_SERVER_HOST", "127.0.0.1", "HERALD_SERVER_PORT", "0")), List.of());
    }

    private static String awaitFrameContaining(RawWebSocket ws, String fragment) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            String text = ws.readFrame(Duration.between(Instant.now(), deadline)).text();
            if (text.contains(fragment)) {
                return text;
            }
        }
        return fail("no frame containing " + fragment + " within " + WAIT);
    }

    private static RawWebSocket connectAndSubscribe(StandaloneServer server, String channel) throws Exception {
        RawWebSocket ws = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), Map.of());
        assertEquals(101, ws.handshakeStatus());
        ws.sendText("{\"id\":1,\"type\":\"connect\"}");
        awaitFrameContaining(ws, "\"id\":1,\"result\"");
        ws.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        awaitFrameContaining(ws, "\"id\":2,\"result\"");
        return ws;
    }

    @Test
    void everyUpgradedConnectionSkipsTheCodecAndStillExchangesMessagesBothWays() throws Exception {
        try (StandaloneServer server = start()) {
            assertEquals(0, server.leanUpgrades());
            try (RawWebSocket alice = connectAndSubscribe(server, "chat:room");
                 RawWebSocket bob = connectAndSubscribe(server, "chat:room")) {
                assertEquals(2, server.leanUpgrades(), "both WebSockets left the HTTP codec on their 101");
                // 20 KB: spans several reads past the codec
                alice.sendText("{\"id\":3,\"type\":\"publish\",\"channel\":\"chat:room\",\"data\":\""
                        + "y".repeat(20_000) + "\"}");
                awaitFrameContaining(alice, "\"id\":3,\"result\"");
                String publication = awaitFrameContaining(bob, "y".repeat(20_000));
                assertTrue(publication.contains("chat:room"), publication);
                bob.sendText("{\"id\":3,\"type\":\"ping\"}");
                awaitFrameContaining(bob, "\"id\":3,\"result\"");
            }
        }
    }

    @Test
    void plainHttpAndRefusedHandshakesStayOnTheHttpCodec() throws Exception {
        try (StandaloneServer server = start()) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < 3; i++) { // keep-alive: later requests reuse the connection
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/health")).timeout(WAIT).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
            }
            try (RawWebSocket foreign = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                    Map.of("Origin", "https://elsewhere.example"))) {
                assertEquals(403, foreign.handshakeStatus());
            }
            assertEquals(0, server.leanUpgrades());
            try (RawWebSocket ws = connectAndSubscribe(server, "news")) {
                assertEquals(1, server.leanUpgrades());
            }
        }
    }
}
