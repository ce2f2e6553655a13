package io.herald.e2e;

import io.herald.testing.RawWebSocket;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenarios at the edges, run against every {@link HeraldTarget} as part of {@link HeraldScenarios}:
 * bad input, handshake security and slow consumers.
 */
public abstract class EdgeScenarios extends ScenarioSupport {
    // ---- bad input ---------------------------------------------------------------------------------

    @Test
    void badInputGetsDocumentedErrorsAndOtherClientsCarryOn() throws Exception {
        String channel = unique("news-");
        try (WsTestClient bystander = client("by"); WsTestClient c = WsTestClient.open(target().wsUri())) {
            bystander.result("subscribe", ",\"channel\":\"" + channel + "\"");
            assertEquals("not_connected", errorCode(c.request("subscribe", ",\"channel\":\"x\"")));
            c.sendText("{not json");
            assertEquals("bad_request", c.await(m -> m.containsKey("error"), "malformed JSON error")
                    .getJsonObject("error").getString("code"));
            c.sendText("[1,2]");
            assertEquals("bad_request", errorCode(c.await(m -> m.containsKey("error"), "non-object error")));
            c.sendText("{\"type\":\"ping\"}");
            assertEquals("bad_request", errorCode(c.await(m -> m.containsKey("error"), "missing id error")));
            c.result("connect", ",\"name\":\"bad\"");
            assertEquals("already_connected", errorCode(c.request("connect", "")));
            assertEquals("bad_request", errorCode(c.request("launch", "")));
            assertEquals("bad_request", errorCode(c.request("subscribe", ",\"channel\":42")));
            assertEquals("bad_request", errorCode(c.request("subscribe", "")));
            assertEquals("bad_request", errorCode(c.request("subscribe", ",\"channel\":\"bad channel!\"")));
            assertEquals("bad_request", errorCode(c.request("subscribe", ",\"channel\":\"" + "x".repeat(300) + "\"")));
            assertEquals("unknown_channel", errorCode(c.request("subscribe", ",\"channel\":\"nowhere:x\"")));
            assertEquals("bad_request", errorCode(c.request("subscribe", ",\"channel\":\"a\",\"since\":5")));
            assertEquals("bad_request", errorCode(c.request("history", ",\"channel\":\"a\",\"limit\":\"ten\"")));
            assertEquals("not_subscribed", errorCode(c.request("unsubscribe", ",\"channel\":\"" + channel + "\"")));
            c.result("subscribe", ",\"channel\":\"" + channel + "\"");
            assertEquals("already_subscribed", errorCode(c.request("subscribe", ",\"channel\":\"" + channel + "\"")));
            c.sendText("[".repeat(10_000) + "]".repeat(10_000));
            assertEquals("bad_request", errorCode(c.await(m -> m.containsKey("error") && !m.containsKey("id"), "deep JSON error")));
            // the connection still works, and so does everyone else's
            assertTrue(c.result("ping", "").isEmpty());
            publishOverHttp(channel, "\"still here\"");
            assertEquals("still here", bystander.awaitPush("pub", channel).getString("data"));
            assertEquals("still here", c.awaitPush("pub", channel).getString("data"));
        }
    }

    @Test
    void oversizedFrameClosesWith1009() throws Exception {
        try (WsTestClient c = client("big"); WsTestClient bystander = client("by")) {
            c.sendText("{\"id\":1,\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
            CloseReason reason = c.awaitClose();
            assertEquals(1009, reason.getCloseCode().getCode());
            assertTrue(bystander.result("ping", "").isEmpty());
        }
    }

    @Test
    void httpApiRefusesBadRequestsWithJsonErrors() throws Exception {
        assertStatus(401, "unauthorized", HTTP.send(HttpRequest.newBuilder(target().httpUri("/api/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
        assertStatus(400, "bad_request", api("POST", "/api/publish", "application/json", "{\"channel\":\"x\""));
        assertStatus(415, "unsupported_media_type", api("POST", "/api/publish", "text/plain", "hello"));
        assertStatus(400, "bad_request", api("POST", "/api/publish", "application/json", "{\"channel\":\"x\"}"));
        assertStatus(404, "unknown_channel", api("POST", "/api/publish", "application/json",
                "{\"channel\":\"nowhere:x\",\"data\":1}"));
        assertStatus(413, "message_too_large", api("POST", "/api/publish", "application/json",
                "{\"channel\":\"x\",\"data\":\"" + "y".repeat(100 * 1024) + "\"}"));
        assertStatus(405, "method_not_allowed", api("GET", "/api/publish", null, null));
        assertStatus(404, "not_found", api("GET", "/api/nothing", null, null));
        assertStatus(400, "bad_request", api("GET", "/api/history?channel=x&limit=-1", null, null));
    }

    // ---- handshake security ------------------------------------------------------------------------

    @Test
    void foreignOriginIsRefusedWith403AndNoSocketIsOpened() throws Exception {
        java.net.URI ws = target().wsUri();
        long before = json(api("GET", "/api/info", null, null).body()).getJsonNumber("connections").longValue();
        for (String foreign : List.of("http://evil.example", "http://" + ws.getHost() + ":" + ws.getPort() + ".evil.example",
                "https://" + ws.getHost() + ":" + ws.getPort(), "null")) {
            try (RawWebSocket evil = RawWebSocket.connect(ws, Map.of("Origin", foreign))) {
                assertEquals(403, evil.handshakeStatus(), foreign);
                assertEquals(null, evil.responseHeader("Sec-WebSocket-Accept"), "no upgrade for " + foreign);
            }
        }
        long after = json(api("GET", "/api/info", null, null).body()).getJsonNumber("connections").longValue();
        assertEquals(before, after, "refused handshakes never reach the hub");
        try (RawWebSocket own = RawWebSocket.connect(ws, Map.of("Origin", "http://" + ws.getHost() + ":" + ws.getPort()))) {
            assertEquals(101, own.handshakeStatus(), "the server's own origin is allowed by default");
        }
        try (RawWebSocket noOrigin = RawWebSocket.connect(ws, Map.of())) {
            assertEquals(101, noOrigin.handshakeStatus(), "non-browser clients send no Origin and pass by default");
        }
    }

    // ---- slow consumer -----------------------------------------------------------------------------

    @Test
    void slowConsumerIsClosedWith4001WhileOthersKeepReceiving() throws Exception {
        String channel = unique("flood-");
        try (RawWebSocket slow = RawWebSocket.connect(target().wsUri(), Map.of(), 4096);
             WsTestClient fast = client("fast")) {
            assertEquals(101, slow.handshakeStatus());
            slow.sendText("{\"id\":1,\"type\":\"connect\"}");
            slow.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            fast.result("subscribe", ",\"channel\":\"" + channel + "\"");
            // the slow client now stops reading; publish ~16 MiB, far past its 1 MiB queue and socket buffers
            String chunk = "\"" + "z".repeat(60 * 1024) + "\"";
            int count = 280;
            for (int i = 1; i <= count; i++) {
                publishOverHttp(channel, chunk);
                // paced by the fast client: unpaced, a busy machine can let even it fall 256 KiB behind
                assertEquals(i, fast.awaitPush("pub", channel).getInt("offset"));
            }
            assertEquals(4001, slow.awaitCloseCode(Duration.ofSeconds(30)));
            JsonObject info = json(api("GET", "/api/info", null, null).body());
            assertTrue(info.getInt("slowConsumerCloses") >= 1, info.toString());
        }
    }

    /**
     * The documented bound holds with the default limits (1 MiB queue) on every target: a client that stops
     * reading and is pushed up to 6.4 MB (400 x 16 KiB) is closed with 4001 while it is still stalled. A
     * container that buffers writes beyond Herald's queue (GlassFish's write queue did, by several MB) must not
     * hide the backlog: the server decides the close before the client reads a single byte. The client then
     * reads at once, within the server's wait for the message in flight, so the close frame reaches it.
     */
    @Test
    void stalledClientPushedSixMegabytesIsClosedWith4001WithinSeconds() throws Exception {
        String channel = unique("stall-");
        long closesBefore = slowConsumerCloses();
        try (RawWebSocket stalled = RawWebSocket.connect(target().wsUri(), Map.of())) {
            assertEquals(101, stalled.handshakeStatus());
            stalled.sendText("{\"id\":1,\"type\":\"connect\"}");
            stalled.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            awaitSubscribers(channel, 1);
            // from here the client reads nothing
            String chunk = "\"" + "s".repeat(16 * 1024 - 2) + "\"";
            int published = 0;
            while (published < 400 && slowConsumerCloses() == closesBefore) {
                for (int i = 0; i < 20; i++, published++) {
                    publishOverHttp(channel, chunk);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (slowConsumerCloses() == closesBefore) {
                assertTrue(System.nanoTime() < deadline,
                        "no slow-consumer close while the client read nothing, after " + published + " x 16 KiB");
                pause();
            }
            assertEquals(4001, stalled.awaitCloseCode(Duration.ofSeconds(15)));
        }
    }

    private long slowConsumerCloses() throws Exception {
        return json(api("GET", "/api/info", null, null).body()).getJsonNumber("slowConsumerCloses").longValue();
    }

}
