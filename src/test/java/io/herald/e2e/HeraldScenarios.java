package io.herald.e2e;

import io.herald.protocol.BinaryFrames;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end scenarios, written once and run against every {@link HeraldTarget}: the standalone
 * server and the built WAR in each servlet container. Each test uses its own channel names so the
 * tests of one target never see each other's messages.
 */
public abstract class HeraldScenarios extends EdgeScenarios {

    // ---- subscribe / publish -----------------------------------------------------------------------

    @Test
    void twoClientsChatThroughASubscribersNamespace() throws Exception {
        String room = unique("chat:room-");
        try (WsTestClient ann = client("Ann"); WsTestClient bob = client("Bob")) {
            ann.result("subscribe", ",\"channel\":\"" + room + "\"");
            bob.result("subscribe", ",\"channel\":\"" + room + "\"");
            JsonObject published = ann.result("publish", ",\"channel\":\"" + room + "\",\"data\":{\"text\":\"hi\"}");
            assertEquals(1, published.getInt("offset"));
            JsonObject pub = bob.awaitPush("pub", room);
            assertEquals("hi", pub.getJsonObject("data").getString("text"));
            assertEquals("Ann", pub.getJsonObject("info").getString("name"));
            assertEquals(1, pub.getInt("offset"));
            assertEquals("hi", ann.awaitPush("pub", room).getJsonObject("data").getString("text"));
        }
    }

    @Test
    void httpPublishReachesEverySubscriberInOrder() throws Exception {
        String channel = unique("news-");
        try (WsTestClient a = client("a"); WsTestClient b = client("b")) {
            a.result("subscribe", ",\"channel\":\"" + channel + "\"");
            b.result("subscribe", ",\"channel\":\"" + channel + "\"");
            for (int i = 1; i <= 20; i++) {
                assertEquals(i, publishOverHttp(channel, "{\"n\":" + i + "}").getInt("offset"));
            }
            for (WsTestClient c : List.of(a, b)) {
                for (int i = 1; i <= 20; i++) {
                    JsonObject pub = c.awaitPush("pub", channel);
                    assertEquals(i, pub.getInt("offset"));
                    assertEquals(i, pub.getJsonObject("data").getInt("n"));
                    assertFalse(pub.containsKey("info"), "server publications carry no client info");
                }
            }
        }
    }

    @Test
    void clientsMayNotPublishInServerOnlyNamespace() throws Exception {
        String channel = unique("news-");
        try (WsTestClient c = client("c")) {
            c.result("subscribe", ",\"channel\":\"" + channel + "\"");
            assertEquals("permission_denied", errorCode(c.request("publish", ",\"channel\":\"" + channel + "\",\"data\":1")));
        }
    }

    @Test
    void publishingInSubscribersNamespaceRequiresSubscription() throws Exception {
        try (WsTestClient c = client("c")) {
            assertEquals("permission_denied",
                    errorCode(c.request("publish", ",\"channel\":\"" + unique("chat:r") + "\",\"data\":1")));
        }
    }

    // ---- recovery ----------------------------------------------------------------------------------

    @Test
    void reconnectingClientRecoversMissedPublicationsInOrder() throws Exception {
        String channel = unique("feed-");
        JsonObject position;
        try (WsTestClient first = client("r")) {
            first.result("subscribe", ",\"channel\":\"" + channel + "\"");
            publishOverHttp(channel, "{\"n\":1}");
            JsonObject pub = first.awaitPush("pub", channel);
            position = pub;
        }
        String epoch = json(api("GET", "/api/history?channel=" + channel + "&limit=0", null, null).body()).getString("epoch");
        for (int i = 2; i <= 6; i++) {
            publishOverHttp(channel, "{\"n\":" + i + "}");
        }
        try (WsTestClient again = client("r")) {
            JsonObject result = again.result("subscribe", ",\"channel\":\"" + channel + "\",\"since\":{\"offset\":"
                    + position.getInt("offset") + ",\"epoch\":\"" + epoch + "\"}");
            assertTrue(result.getBoolean("recovered"), result.toString());
            var pubs = result.getJsonArray("publications");
            assertEquals(5, pubs.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(i + 2, pubs.getJsonObject(i).getInt("offset"));
                assertEquals(i + 2, pubs.getJsonObject(i).getJsonObject("data").getInt("n"));
            }
            assertEquals(6, result.getInt("offset"));
            publishOverHttp(channel, "{\"n\":7}");
            assertEquals(7, again.awaitPush("pub", channel).getInt("offset"));
        }
    }

    @Test
    void recoveryFromAnotherEpochSaysNotRecovered() throws Exception {
        String channel = unique("feed-");
        publishOverHttp(channel, "{\"n\":1}");
        try (WsTestClient c = client("e")) {
            JsonObject result = c.result("subscribe", ",\"channel\":\"" + channel
                    + "\",\"since\":{\"offset\":1,\"epoch\":\"not-the-epoch\"}");
            assertFalse(result.getBoolean("recovered"));
            assertEquals(0, result.getJsonArray("publications").size());
            assertEquals(1, result.getInt("offset"));
        }
    }

    @Test
    void recoveryBeyondHistorySizeSaysNotRecovered() throws Exception {
        String channel = unique("tiny:t");
        JsonObject first = publishOverHttp(channel, "1");
        for (int i = 0; i < 5; i++) {
            publishOverHttp(channel, "2");
        }
        try (WsTestClient c = client("t")) {
            JsonObject result = c.result("subscribe", ",\"channel\":\"" + channel + "\",\"since\":{\"offset\":1,\"epoch\":\""
                    + first.getString("epoch") + "\"}");
            assertFalse(result.getBoolean("recovered"), "history keeps 3, 5 were missed: " + result);
        }
    }

    @Test
    void historyReturnsTheNewestPublications() throws Exception {
        String channel = unique("hist-");
        for (int i = 1; i <= 5; i++) {
            publishOverHttp(channel, String.valueOf(i));
        }
        try (WsTestClient c = client("h")) {
            c.result("subscribe", ",\"channel\":\"" + channel + "\""); // history is for subscribers by default
            JsonObject result = c.result("history", ",\"channel\":\"" + channel + "\",\"limit\":2");
            assertEquals(5, result.getInt("offset"));
            assertEquals(List.of(4, 5), result.getJsonArray("publications").stream()
                    .map(v -> v.asJsonObject().getInt("data")).toList());
        }
        JsonObject viaHttp = json(api("GET", "/api/history?channel=" + channel + "&limit=3", null, null).body());
        assertEquals(3, viaHttp.getJsonArray("publications").size());
    }

    // ---- presence, join/leave ----------------------------------------------------------------------

    @Test
    void presenceListsEverySubscriber() throws Exception {
        String channel = unique("chat:p");
        try (WsTestClient a = client("Ann"); WsTestClient b = client("Bob")) {
            a.result("subscribe", ",\"channel\":\"" + channel + "\"");
            b.result("subscribe", ",\"channel\":\"" + channel + "\"");
            JsonObject clients = a.result("presence", ",\"channel\":\"" + channel + "\"").getJsonObject("clients");
            assertEquals(2, clients.size());
            assertTrue(clients.values().stream().anyMatch(v -> "Bob".equals(v.asJsonObject().getString("name"))));
            JsonObject viaHttp = json(api("GET", "/api/presence?channel=" + channel.replace(":", "%3A"), null, null).body());
            assertEquals(2, viaHttp.getJsonObject("clients").size());
        }
    }

    @Test
    void joinAndLeaveArePushedToOtherSubscribers() throws Exception {
        String channel = unique("chat:j");
        try (WsTestClient a = client("Ann")) {
            a.result("subscribe", ",\"channel\":\"" + channel + "\"");
            a.awaitPush("join", channel); // her own join
            String bobId;
            try (WsTestClient b = client("Bob")) {
                bobId = b.result("ping", "").isEmpty() ? null : null;
                b.result("subscribe", ",\"channel\":\"" + channel + "\"");
                JsonObject join = a.await(m -> "join".equals(m.getString("type", null))
                        && "Bob".equals(m.getJsonObject("info").getString("name")), "Bob's join");
                bobId = join.getJsonObject("info").getString("client");
            }
            String id = bobId;
            JsonObject leave = a.await(m -> "leave".equals(m.getString("type", null))
                    && id.equals(m.getJsonObject("info").getString("client")), "Bob's leave");
            assertEquals(channel, leave.getString("channel"));
        }
    }

    // ---- binary ------------------------------------------------------------------------------------

    @Test
    void binaryPublicationsTravelUnchangedBothWays() throws Exception {
        String channel = unique("open:bin");
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (WsTestClient sender = client("s"); WsTestClient receiver = client("r")) {
            receiver.result("subscribe", ",\"channel\":\"" + channel + "\"");
            sender.sendBinary(BinaryFrames.encodePublish(42, channel, payload));
            assertTrue(sender.awaitReply(42).containsKey("result"));
            assertArrayEquals(payload, binaryPayload(receiver.awaitBinary(), channel));

            HttpRequest request = HttpRequest.newBuilder(target().httpUri("/api/publish?channel=" + channel.replace(":", "%3A")))
                    .header("Authorization", "Bearer " + HeraldTarget.API_KEY)
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
            assertEquals(200, HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertArrayEquals(payload, binaryPayload(receiver.awaitBinary(), channel));
        }
    }

    private static byte[] binaryPayload(byte[] frame, String channel) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        assertEquals(BinaryFrames.PUBLICATION, in.get());
        byte[] name = new byte[in.get() & 0xff];
        in.get(name);
        assertEquals(channel, new String(name, StandardCharsets.UTF_8));
        in.getLong(); // offset: 0 in a namespace without history
        return Arrays.copyOfRange(frame, in.position(), frame.length);
    }

    // ---- operations --------------------------------------------------------------------------------

    @Test
    void channelsAndInfoDescribeTheNode() throws Exception {
        String channel = unique("chan-");
        try (WsTestClient c = client("c")) {
            c.result("subscribe", ",\"channel\":\"" + channel + "\"");
            JsonObject channels = json(api("GET", "/api/channels", null, null).body()).getJsonObject("channels");
            assertEquals(1, channels.getInt(channel));
            JsonObject info = json(api("GET", "/api/info", null, null).body());
            assertTrue(info.getInt("connections") >= 1);
        }
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(target().httpUri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    @Test
    void pagesAndClientLibraryAreServedUnderTheContextPath() throws Exception {
        // HTTP/1.1 without an h2c upgrade offer, as browsers ask (Grizzly drops the Content-Type of a large
        // static file answered to Java's default h2c offer; no browser makes one)
        HttpClient browserLike = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> index = browserLike.send(HttpRequest.newBuilder(target().httpUri("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), index.headers().toString());
        assertTrue(index.body().toLowerCase(java.util.Locale.ROOT).contains("<html"), index.body());
        HttpResponse<String> lib = browserLike.send(HttpRequest.newBuilder(target().httpUri("/lib/herald.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, lib.statusCode());
        assertTrue(lib.headers().firstValue("Content-Type").orElse("").contains("javascript"), lib.headers().toString());
        assertTrue(lib.body().contains("export"), "an ES module");
    }

    @Test
    void healthProbesAnswerWithoutAnApiKey() throws Exception {
        for (String path : List.of("/health/live", "/health/ready", "/health")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(target().httpUri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            assertEquals("ok", json(r.body()).getString("status"), path);
        }
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(target().httpUri("/health/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertStatus(404, "not_found", unknown);
    }

    @Test
    void metricsCountTrafficInPrometheusTextFormat() throws Exception {
        String channel = unique("metered-");
        try (WsTestClient c = client("m")) {
            c.result("subscribe", ",\"channel\":\"" + channel + "\"");
            publishOverHttp(channel, "{\"n\":1}");
            c.awaitPush("pub", channel);
            assertEquals("bad_request", errorCode(c.request("launch", "")));
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(target().httpUri("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), "metrics need a metrics or API key: " + anonymous.body());
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(target().httpUri("/metrics"))
                            .header("Authorization", "Bearer " + HeraldTarget.API_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
            String text = r.body();
            assertTrue(metric(text, "herald_connections") >= 1, text);
            assertTrue(metric(text, "herald_subscriptions") >= 1, text);
            assertTrue(metric(text, "herald_channels") >= 1, text);
            assertTrue(metric(text, "herald_publications_total") >= 1, text);
            assertTrue(metric(text, "herald_deliveries_total") >= 1, text);
            assertTrue(metric(text, "herald_messages_in_total") >= 2, text);
            assertTrue(metric(text, "herald_inbound_bytes_total") > 0, text);
            assertTrue(metric(text, "herald_outbound_bytes_total") > 0, text);
            assertTrue(metric(text, "herald_errors_total{code=\"bad_request\"}") >= 1, text);
            assertTrue(metric(text, "herald_publish_to_send_seconds_count") >= 1, text);
            assertTrue(text.contains("herald_publish_to_send_seconds_bucket{le=\"0.005\"}"), text);
            assertTrue(text.contains("herald_slow_consumer_closes_total"), text);
            assertEquals(1.0, metric(text, "herald_broker_ready"));
        }
    }

    /** The value of a sample line {@code name value} (name with its labels, if any). */
    private static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no sample " + name + " in\n" + text);
    }

    @Test
    void apiDisconnectClosesTheClientWithTheDocumentedCode() throws Exception {
        try (WsTestClient c = WsTestClient.open(target().wsUri())) {
            String id = c.result("connect", "").getString("client");
            HttpResponse<String> r = api("POST", "/api/disconnect", "application/json", "{\"client\":\"" + id + "\"}");
            assertEquals(1, json(r.body()).getInt("disconnected"));
            JsonObject push = c.awaitPush("disconnect", null);
            assertEquals(4503, push.getInt("code"));
            assertFalse(push.getBoolean("reconnect"));
            assertEquals(4503, c.awaitClose().getCloseCode().getCode());
        }
    }
}
