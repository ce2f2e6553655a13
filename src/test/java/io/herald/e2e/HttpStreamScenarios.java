package io.herald.e2e;

import io.herald.protocol.BinaryFrames;
import io.herald.testing.HttpStreamClient;
import io.herald.testing.HttpStreamClient.Kind;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end scenarios over one HTTP transport (HTTP-streaming or SSE with emulation POSTs),
 * written once and run against every {@link HeraldTarget}: same protocol, same guarantees as {@code /ws}.
 */
public abstract class HttpStreamScenarios {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    protected abstract HeraldTarget target();

    protected abstract Kind kind();

    /** The application root, e.g. {@code http://127.0.0.1:8080/herald}. */
    protected URI base() {
        String root = target().httpUri("/").toString();
        return URI.create(root.substring(0, root.length() - 1));
    }

    protected HttpStreamClient client(String name) throws Exception {
        return HttpStreamClient.connected(kind(), base(), name);
    }

    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpResponse<String> api(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(target().httpUri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + HeraldTarget.API_KEY);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void publishOverHttp(String channel, String dataJson) throws Exception {
        HttpResponse<String> r = api("POST", "/api/publish", "application/json",
                "{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}");
        assertEquals(200, r.statusCode(), r.body());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String sub(String channel) {
        return ",\"channel\":\"" + channel + "\"";
    }

    @Test
    void streamStartsWithItsSessionAndTheConnectResult() throws Exception {
        try (HttpStreamClient c = client("Ann")) {
            assertEquals(31, c.session().length());
            assertTrue(c.result("ping", "").isEmpty());
            String metrics = api("GET", "/metrics", null, null).body();
            String name = kind() == Kind.SSE ? "sse" : "http_stream";
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("herald_transport_connections{transport=\"" + name + "\"}")
                    && !l.endsWith(" 0.0")), "open connections by transport in /metrics");
            if (kind() == Kind.SSE) {
                assertEquals(List.of(), c.eventIds(), "no positions yet: the session, connect and ping events carry no id");
            }
        }
    }

    @Test
    void subscribersReceiveHttpPublicationsInOrder() throws Exception {
        String channel = unique("news-");
        try (HttpStreamClient c = client("r")) {
            JsonObject result = c.result("subscribe", sub(channel));
            assertEquals(0, result.getInt("offset"));
            for (int i = 1; i <= 5; i++) {
                publishOverHttp(channel, "{\"n\":" + i + "}");
            }
            for (int i = 1; i <= 5; i++) {
                JsonObject pub = c.awaitPush("pub", channel);
                assertEquals(i, pub.getInt("offset"));
                assertEquals(i, pub.getJsonObject("data").getInt("n"));
            }
        }
    }

    @Test
    void twoStreamClientsChatWithJoinAndLeave() throws Exception {
        String room = unique("chat:room-");
        try (HttpStreamClient ann = client("Ann"); HttpStreamClient bob = client("Bob")) {
            ann.result("subscribe", sub(room));
            bob.result("subscribe", sub(room));
            assertEquals("Bob", awaitPresenceEvent(ann, "join", room, "Bob").getJsonObject("info").getString("name"));
            ann.result("publish", sub(room) + ",\"data\":{\"text\":\"hi\"}");
            JsonObject pub = bob.awaitPush("pub", room);
            assertEquals("hi", pub.getJsonObject("data").getString("text"));
            assertEquals("Ann", pub.getJsonObject("info").getString("name"));
            bob.result("unsubscribe", sub(room));
            assertEquals("Bob", awaitPresenceEvent(ann, "leave", room, "Bob").getJsonObject("info").getString("name"));
        }
    }

    private static JsonObject awaitPresenceEvent(HttpStreamClient c, String type, String room, String name)
            throws InterruptedException {
        return c.await(m -> type.equals(m.getString("type", null)) && room.equals(m.getString("channel", null))
                && name.equals(m.getJsonObject("info").getString("name", null)), type + " of " + name);
    }

    @Test
    void presenceListsEveryStreamSubscriber() throws Exception {
        String room = unique("chat:p-");
        try (HttpStreamClient ann = client("Ann"); HttpStreamClient bob = client("Bob")) {
            ann.result("subscribe", sub(room));
            bob.result("subscribe", sub(room));
            JsonObject clients = ann.result("presence", sub(room)).getJsonObject("clients");
            assertEquals(2, clients.size(), clients.toString());
        }
    }

    @Test
    void historyReturnsTheNewestPublications() throws Exception {
        String channel = unique("chat:h-");
        try (HttpStreamClient c = client("h")) {
            c.result("subscribe", sub(channel));
            for (int i = 1; i <= 4; i++) {
                c.result("publish", sub(channel) + ",\"data\":" + i);
            }
            JsonObject history = c.result("history", sub(channel) + ",\"limit\":2");
            var pubs = history.getJsonArray("publications");
            assertEquals(2, pubs.size());
            assertEquals(3, pubs.getJsonObject(0).getInt("offset"));
            assertEquals(4, pubs.getJsonObject(1).getInt("data"));
        }
    }

    @Test
    void droppedStreamRecoversMissedPublicationsOnANewStream() throws Exception {
        String channel = unique("feed-");
        String epoch;
        int offset;
        HttpStreamClient first = client("r");
        try {
            epoch = first.result("subscribe", sub(channel)).getString("epoch");
            publishOverHttp(channel, "{\"n\":1}");
            offset = first.awaitPush("pub", channel).getInt("offset");
        } finally {
            first.close(); // the connection drops
        }
        for (int i = 2; i <= 4; i++) {
            publishOverHttp(channel, "{\"n\":" + i + "}");
        }
        try (HttpStreamClient again = client("r")) {
            JsonObject result = again.result("subscribe", sub(channel) + ",\"since\":{\"offset\":" + offset
                    + ",\"epoch\":\"" + epoch + "\"}");
            assertTrue(result.getBoolean("recovered"), result.toString());
            var pubs = result.getJsonArray("publications");
            assertEquals(3, pubs.size());
            assertEquals(2, pubs.getJsonObject(0).getJsonObject("data").getInt("n"));
            publishOverHttp(channel, "{\"n\":5}");
            assertEquals(5, again.awaitPush("pub", channel).getInt("offset"));
        }
    }

    @Test
    void binaryPublicationsArriveAsBase64AndBinaryPublishesAreAccepted() throws Exception {
        String channel = unique("open:bin");
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (HttpStreamClient sender = client("s"); HttpStreamClient receiver = client("r")) {
            receiver.result("subscribe", sub(channel));
            HttpResponse<String> posted = sender.postBinary(BinaryFrames.encodePublish(42, channel, payload));
            assertEquals(204, posted.statusCode(), posted.body());
            assertTrue(sender.awaitReply(42).containsKey("result"));
            JsonObject pub = receiver.awaitPush("pub", channel);
            assertFalse(pub.containsKey("data"));
            assertArrayEquals(payload, Base64.getDecoder().decode(pub.getString("binary")));
        }
    }

    @Test
    void badCommandsGetErrorRepliesOnTheStreamAndItCarriesOn() throws Exception {
        try (HttpStreamClient c = client("b")) {
            assertEquals(204, c.post("{not json").statusCode());
            JsonObject error = c.await(m -> m.containsKey("error") && !m.containsKey("id"), "error without id");
            assertEquals("bad_request", error.getJsonObject("error").getString("code"));
            JsonObject unknown = c.request("subscribe", sub("nowhere:x"));
            assertEquals("unknown_channel", unknown.getJsonObject("error").getString("code"));
            assertTrue(c.result("ping", "").isEmpty());
        }
    }

    @Test
    void emulationRefusesBadSessionsBigBodiesAndWrongMethods() throws Exception {
        URI base = base();
        var ping = HttpRequest.BodyPublishers.ofString("{\"id\":1,\"type\":\"ping\"}");
        assertError(400, "bad_request", HttpStreamClient.emulate(base, null, "text/plain", ping));
        assertError(400, "bad_request", HttpStreamClient.emulate(base, "../../etc/passwd", "text/plain", ping));
        assertError(404, "not_found", HttpStreamClient.emulate(base, "00000000.AAAAAAAAAAAAAAAAAAAAAA", "text/plain", ping));
        try (HttpStreamClient c = client("big")) {
            String big = "{\"id\":9,\"type\":\"publish\",\"channel\":\"open:x\",\"data\":\"" + "x".repeat(200_000) + "\"}";
            assertError(413, "message_too_large", c.post(big));
            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/emulation?session="
                    + c.session())).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertError(405, "method_not_allowed", get);
            assertTrue(c.result("ping", "").isEmpty(), "the session survives refused requests");
        }
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(base + kind().name().toLowerCase()
                .replace("http_stream", "/stream").replace("sse", "/sse"))).method("PUT",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertError(405, "method_not_allowed", wrong);
    }

    private static void assertError(int status, String code, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, json(response.body()).getJsonObject("error").getString("code"));
    }

    @Test
    void foreignOriginIsRefusedWith403() throws Exception {
        HttpStreamClient c = HttpStreamClient.open(kind(), base(), "{\"id\":1,\"type\":\"connect\"}",
                Map.of("Origin", "https://evil.example"));
        try {
            assertEquals(403, c.status());
        } finally {
            c.close();
        }
    }

    /**
     * e2e-config.json allows 40 open streams per address: room for the streams that earlier tests closed
     * and the server has not yet noticed (its keep-alive, every 2 s, finds them), so that a quick run of
     * tests never reaches the limit by accident.
     */
    @Test
    void tooManyOpenStreamsFromOneAddressAreRefusedWith429() throws Exception {
        long before = connections();
        List<HttpStreamClient> open = new ArrayList<>();
        try {
            int refusedAt = -1;
            for (int i = 0; i < 45 && refusedAt < 0; i++) {
                HttpStreamClient c = HttpStreamClient.open(kind(), base(), "{\"id\":1,\"type\":\"connect\"}", Map.of());
                open.add(c);
                if (c.status() == 429) {
                    refusedAt = i;
                }
            }
            assertTrue(refusedAt > 0 && refusedAt <= 40, "refused at " + refusedAt);
        } finally {
            for (HttpStreamClient c : open) {
                c.close();
            }
        }
        // the server notices the closed streams by its keep-alives (e2e-config.json: every 2 s)
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long now = connections();
        while (now > before && System.nanoTime() < deadline) {
            Thread.sleep(200); // poll interval of the bounded wait
            now = connections();
        }
        assertTrue(now <= before, "connections " + before + " before, " + now + " 30 s after the streams closed");
    }

    private long connections() throws Exception {
        return json(api("GET", "/api/info", null, null).body()).getJsonNumber("connections").longValue();
    }

    @Test
    void idleStreamOutlivesTheRequestDeadline() throws Exception {
        String channel = unique("news-");
        try (HttpStreamClient c = client("idle")) {
            c.result("subscribe", sub(channel));
            // e2e-config.json cuts HTTP requests not done within 3 s; a stream must not be one of them
            assertThrows(TimeoutException.class, () -> c.awaitEnd(Duration.ofSeconds(4)));
            publishOverHttp(channel, "1");
            assertEquals(1, c.awaitPush("pub", channel).getInt("offset"));
        }
    }

    @Test
    void stalledStreamIsClosedAsSlowConsumerAndItsClientRecovers() throws Exception {
        String channel = unique("flood-");
        URI base = base();
        try (Socket slow = new Socket(); HttpStreamClient fast = client("fast")) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            String connect = URLEncoder.encode("{\"id\":1,\"type\":\"connect\"}", StandardCharsets.UTF_8);
            OutputStream out = slow.getOutputStream();
            String path = base.getPath() + (kind() == Kind.SSE ? "/sse" : "/stream");
            out.write(("GET " + path + "?connect=" + connect + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String session = readSession(slow.getInputStream());
            HttpResponse<String> subscribed = HttpStreamClient.emulate(base, session, "text/plain",
                    HttpRequest.BodyPublishers.ofString("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}"));
            assertEquals(204, subscribed.statusCode(), subscribed.body());
            String epoch = fast.result("subscribe", sub(channel)).getString("epoch");
            long closesBefore = json(api("GET", "/api/info", null, null).body()).getJsonNumber("slowConsumerCloses").longValue();
            String chunk = "\"" + "z".repeat(60 * 1024) + "\"";
            for (int i = 1; i <= 280; i++) {
                publishOverHttp(channel, chunk);
                assertEquals(i, fast.awaitPush("pub", channel).getInt("offset"));
            }
            long closes = json(api("GET", "/api/info", null, null).body()).getJsonNumber("slowConsumerCloses").longValue();
            assertTrue(closes > closesBefore, "slow consumer closes " + closesBefore + " -> " + closes);
            assertError(404, "not_found", HttpStreamClient.emulate(base, session, "text/plain",
                    HttpRequest.BodyPublishers.ofString("{\"id\":3,\"type\":\"ping\"}")));
            try (HttpStreamClient again = client("again")) {
                JsonObject result = again.result("subscribe", sub(channel) + ",\"since\":{\"offset\":0,\"epoch\":\""
                        + epoch + "\"}");
                assertEquals(280, result.getInt("offset"));
            }
        }
    }

    /** Reads the raw response up to the session message and returns its session id. */
    private static String readSession(InputStream in) throws Exception {
        StringBuilder seen = new StringBuilder();
        int marker;
        while ((marker = seen.indexOf("\"session\":\"")) < 0 || seen.length() < marker + 11 + 31) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("stream ended before its session: " + seen);
            }
            seen.append((char) b);
        }
        return seen.substring(marker + 11, marker + 11 + 31);
    }
}
