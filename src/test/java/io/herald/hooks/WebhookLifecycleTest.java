package io.herald.hooks;

import io.herald.hooks.webhook.Hmac;
import io.herald.security.Tokens;
import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks of a real standalone Herald, received and signature-checked by a real HTTP backend. */
@Tag("integration")
class WebhookLifecycleTest {
    static final String OLD_SECRET = "old-webhook-secret-0123456789";
    static final String NEW_SECRET = "new-webhook-secret-9876543210";
    static final Duration WAIT = Duration.ofSeconds(10);

    private WebhookBackend backend;
    private HeraldServer server;

    @BeforeEach
    void start() throws Exception {
        backend = new WebhookBackend(NEW_SECRET);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    private void startServer(String extraHooks, String targets) throws Exception {
        server = HeraldServer.start("{\"allowAnonymous\":true,\"statsChannel\":\"\",\"auth\":{\"hmacSecret\":\""
                + Tokens.SECRET + "\"},\"hooks\":{\"node\":\"node-a\"" + extraHooks + ",\"webhooks\":[" + targets + "]}}");
    }

    static String target(String name, String url, String more) {
        return "{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"secrets\":[\"" + OLD_SECRET + "\",\"" + NEW_SECRET
                + "\"],\"batchWindowMillis\":20" + more + "}";
    }

    private WsTestClient user(String user) throws Exception {
        WsTestClient c = WsTestClient.open(server.wsUri());
        c.result("connect", ",\"token\":\"" + Tokens.hs256(Tokens.claims(user, 600).build()) + "\"");
        return c;
    }

    private static List<String> types(List<JsonObject> events) {
        return events.stream().map(WebhookBackend::type).collect(Collectors.toList());
    }

    @Test
    void everyLifecycleEventArrivesOnceInOrderAndSignedWithBothSecrets() throws Exception {
        startServer("", target("chat", backend.url("/chat").toString(),
                ",\"namespaces\":[\"chat\"],\"events\":[\"connect\",\"disconnect\",\"subscribe\",\"unsubscribe\","
                        + "\"channel_occupied\",\"channel_vacated\",\"member_added\",\"member_removed\",\"publish\"]"));
        WsTestClient tab1 = user("alice");
        WsTestClient tab2 = user("alice");
        WsTestClient bob = user("bob");
        tab1.result("subscribe", ",\"channel\":\"chat:room\"");
        tab2.result("subscribe", ",\"channel\":\"chat:room\"");
        bob.result("subscribe", ",\"channel\":\"chat:room\"");
        tab1.result("publish", ",\"channel\":\"chat:room\",\"data\":{\"text\":\"hi\"}");
        tab1.session().close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
        tab2.close();
        backend.awaitEvents("/chat", e -> WebhookBackend.count(e, "disconnect") == 2, WAIT, "both tabs closed");
        bob.result("unsubscribe", ",\"channel\":\"chat:room\"");

        List<JsonObject> events = backend.awaitEvents("/chat", e -> WebhookBackend.count(e, "channel_vacated") == 1,
                WAIT, "channel_vacated");
        List<String> types = types(events);
        assertEquals(3, WebhookBackend.count(events, "connect"), types.toString());
        assertEquals(3, WebhookBackend.count(events, "subscribe"), types.toString());
        assertEquals(1, WebhookBackend.count(events, "channel_occupied"), types.toString());
        assertEquals(2, WebhookBackend.count(events, "member_added"), "alice once for two tabs, bob once: " + types);
        assertEquals(1, WebhookBackend.count(events, "publish"), types.toString());
        assertEquals(3, WebhookBackend.count(events, "unsubscribe"), types.toString());
        assertEquals(2, WebhookBackend.count(events, "disconnect"), types.toString());
        assertEquals(2, WebhookBackend.count(events, "member_removed"), types.toString());
        // per channel order: occupied before anything else on it, vacated last, member_removed of alice
        // only after her second tab left
        assertEquals("channel_vacated", types.get(types.size() - 1));
        int occupied = types.indexOf("channel_occupied");
        assertTrue(occupied < types.indexOf("member_added") && occupied < types.indexOf("publish"), types.toString());
        JsonObject publish = events.stream().filter(e -> "publish".equals(e.getString("type"))).findFirst().orElseThrow();
        assertEquals("hi", publish.getJsonObject("data").getString("text"));
        assertEquals("alice", publish.getString("user"));
        List<String> closes = events.stream().filter(e -> "disconnect".equals(e.getString("type")))
                .map(e -> e.getInt("code") + ":" + e.getString("reason")).sorted().toList();
        assertEquals(List.of("1000:", "1000:bye"), closes, "close code and reason as the client sent them");
        List<String> removed = events.stream().filter(e -> "member_removed".equals(e.getString("type")))
                .map(e -> e.getString("user")).toList();
        assertEquals(List.of("alice", "bob"), removed);
        int secondUnsubscribe = types.indexOf("unsubscribe") + 1 + types.subList(types.indexOf("unsubscribe") + 1,
                types.size()).indexOf("unsubscribe");
        assertTrue(secondUnsubscribe < types.indexOf("member_removed"), "alice leaves only when her last tab closed: " + types);

        Set<String> ids = new HashSet<>();
        for (JsonObject e : events) {
            assertTrue(ids.add(e.getString("id")), "event ids are unique: " + e);
            assertTrue(e.getJsonNumber("time").longValue() > 0);
        }
        for (WebhookBackend.Received r : backend.received()) {
            assertTrue(r.signatureValid(), "signed with the new secret: " + r.header("X-Herald-Signature"));
            String oldSignature = "sha256=" + Hmac.sha256Hex(OLD_SECRET, r.body().getBytes(StandardCharsets.UTF_8));
            assertTrue(List.of(r.header("X-Herald-Signature").split(",")).contains(oldSignature),
                    "and with the old one while rotating");
            assertEquals("node-a", r.json().getString("node"));
            assertEquals("application/json", r.header("Content-Type"));
        }
    }

    @Test
    void eachNamespaceRoutesItsChannelEventsToItsOwnUrl() throws Exception {
        startServer("", target("chat", backend.url("/chat").toString(), ",\"namespaces\":[\"chat\"]") + ","
                + target("news", backend.url("/news").toString(),
                ",\"namespaces\":[\"\"],\"events\":[\"subscribe\",\"channel_occupied\"]"));
        WsTestClient c = server.client("x");
        c.result("subscribe", ",\"channel\":\"headlines\"");
        c.result("subscribe", ",\"channel\":\"chat:room\"");
        backend.awaitEvents("/news", e -> WebhookBackend.count(e, "channel_occupied") == 1, WAIT, "news occupied");
        List<JsonObject> chat = backend.awaitEvents("/chat", e -> WebhookBackend.count(e, "channel_occupied") == 1,
                WAIT, "chat occupied");
        List<JsonObject> news = backend.events("/news");
        assertEquals(List.of("subscribe", "channel_occupied"), types(news));
        assertTrue(news.stream().allMatch(e -> e.getString("channel").equals("headlines")), news.toString());
        assertTrue(chat.stream().filter(e -> e.containsKey("channel"))
                .allMatch(e -> e.getString("channel").equals("chat:room")), chat.toString());
        assertEquals(1, WebhookBackend.count(chat, "connect"), "connect has no namespace: every target listing it gets it");
        assertFalse(types(chat).contains("publish"), "publishes only when a target asks");
        c.close();
    }

    @Test
    void aReloadWithinTheLeaveDelayReportsNeitherVacatedNorMemberRemoved() throws Exception {
        startServer(",\"leaveDelayMillis\":800", target("chat", backend.url("/chat").toString(), ""));
        WsTestClient first = user("alice");
        first.result("subscribe", ",\"channel\":\"chat:room\"");
        long closedAt = System.nanoTime();
        first.close();
        WsTestClient reloaded = user("alice");
        reloaded.result("subscribe", ",\"channel\":\"chat:room\"");
        backend.awaitEvents("/chat", e -> WebhookBackend.count(e, "subscribe") == 2, WAIT, "second subscribe");
        reloaded.close();
        List<JsonObject> events = backend.awaitEvents("/chat",
                e -> WebhookBackend.count(e, "channel_vacated") == 1, WAIT, "vacated after the last leave");
        assertTrue(System.nanoTime() - closedAt >= Duration.ofMillis(800).toNanos());
        List<String> types = types(events);
        assertEquals(1, WebhookBackend.count(events, "channel_occupied"), types.toString());
        assertEquals(1, WebhookBackend.count(events, "member_added"), types.toString());
        assertEquals(1, WebhookBackend.count(events, "member_removed"), types.toString());
        assertEquals(List.of("member_removed", "channel_vacated"), types.subList(types.size() - 2, types.size()));
    }
}
