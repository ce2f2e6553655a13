package io.herald.hooks;

import com.pusher.client.channel.PresenceChannel;
import com.pusher.client.channel.PrivateChannel;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Validity;
import io.herald.testing.HeraldNode;
import io.herald.testing.HeraldServer;
import io.herald.testing.RedisServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each Pusher app's {@code webhookUrl} gets its own app's events, in Pusher's format, signed with the app's
 * secret, and Pusher's own server SDK ({@code pusher-http-java}'s {@code validateWebhookSignature}) accepts
 * them; the pages are real {@code pusher-java-client} connections. On two nodes over Redis a channel is
 * occupied and vacated once, and a user is added and removed once, whichever node the last page left.
 */
@Tag("integration")
class PusherAppWebhookTest {
    static final String ID_A = "101";
    static final String KEY_A = "app-a-key";
    static final String SECRET_A = "app-a-secret-0123456789";
    static final String ID_B = "202";
    static final String KEY_B = "app-b-key";
    static final String SECRET_B = "app-b-secret-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebhookBackend backend = new WebhookBackend("unused-herald-secret-000");
    private final PusherClients pages = new PusherClients();
    private final Pusher sdkA = new Pusher(ID_A, KEY_A, SECRET_A);
    private final Pusher sdkB = new Pusher(ID_B, KEY_B, SECRET_B);
    private final List<AutoCloseable> servers = new ArrayList<>();

    PusherAppWebhookTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        pages.close();
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
        sdkA.close();
        sdkB.close();
        backend.close();
    }

    static String apps(String urlA, String urlB) {
        return """
                "pusher": {"apps": [
                  {"id": "%s", "key": "%s", "secret": "%s", "webhookUrl": "%s", "clientEventsPerSecond": 100},
                  {"id": "%s", "key": "%s", "secret": "%s", "webhookUrl": "%s"}]}
                """.formatted(ID_A, KEY_A, SECRET_A, urlA, ID_B, KEY_B, SECRET_B, urlB);
    }

    @Test
    void eachAppsWebhookGetsOnlyItsOwnEventsSignedWithItsSecret() throws Exception {
        HeraldServer server = HeraldServer.start("{\"allowAnonymous\":true,\"statsChannel\":\"\","
                + apps(backend.url("/a").toString(), backend.url("/b").toString()) + "}");
        servers.add(server);
        int port = server.server().port();
        com.pusher.client.Pusher ann = pages.connect(port, sdkA, KEY_A, "ann");
        PresenceChannel room = ann.subscribePresence("presence-room");
        PrivateChannel chat = ann.subscribePrivate("private-chat");
        var prices = ann.subscribe("cache-prices"); // a cache channel with nothing cached yet
        com.pusher.client.Pusher bob = pages.connect(port, sdkB, KEY_B, "bob");
        PresenceChannel roomB = bob.subscribePresence("presence-room");
        PusherClients.awaitSubscribed(room);
        PusherClients.awaitSubscribed(chat);
        PusherClients.awaitSubscribed(prices);
        PusherClients.awaitSubscribed(roomB);
        chat.trigger("client-typing", "{\"text\":\"hi\"}");
        backend.awaitEvents("/a", e -> WebhookBackend.count(e, "client_event") == 1, WAIT, "app A's client event");
        String annSocket = ann.getConnection().getSocketId();
        PusherClients.disconnect(ann);
        PusherClients.disconnect(bob);
        List<JsonObject> a = backend.awaitEvents("/a", e -> WebhookBackend.count(e, "channel_vacated") == 3, WAIT,
                "app A's channels vacated");
        List<JsonObject> b = backend.awaitEvents("/b", e -> WebhookBackend.count(e, "channel_vacated") == 1, WAIT,
                "app B's channel vacated");

        assertEquals(1, count(a, "channel_occupied", on("presence-room")), a.toString());
        assertEquals(1, count(a, "channel_occupied", on("private-chat")), a.toString());
        assertEquals(1, count(a, "member_added", user("presence-room", "ann")), a.toString());
        assertEquals(1, count(a, "member_removed", user("presence-room", "ann")), a.toString());
        assertEquals(1, count(a, "channel_vacated", on("presence-room")), a.toString());
        assertEquals(1, count(a, "channel_vacated", on("private-chat")), a.toString());
        assertEquals(1, count(a, "cache_miss", on("cache-prices")), a.toString());
        assertEquals(1, count(a, "channel_vacated", on("cache-prices")), a.toString());
        assertEquals(10, a.size(), "nothing of app B, nothing else: " + a);
        JsonObject clientEvent = a.stream().filter(e -> e.getString("name").equals("client_event")).findFirst().orElseThrow();
        assertEquals("private-chat", clientEvent.getString("channel"));
        assertEquals("client-typing", clientEvent.getString("event"));
        assertEquals("{\"text\":\"hi\"}", clientEvent.getString("data"));
        assertEquals(annSocket, clientEvent.getString("socket_id"));
        assertFalse(clientEvent.containsKey("user_id"), "user_id only on presence channels");
        assertEquals(List.of("channel_occupied", "member_added", "member_removed", "channel_vacated"),
                b.stream().map(e -> e.getString("name")).toList(), b.toString());
        assertEquals("bob", b.get(1).getString("user_id"));
        assertEquals("presence-room", b.get(0).getString("channel"));

        int checked = 0;
        for (WebhookBackend.Received r : backend.received()) {
            Pusher own = r.path().equals("/a") ? sdkA : sdkB;
            Pusher other = r.path().equals("/a") ? sdkB : sdkA;
            assertEquals(r.path().equals("/a") ? KEY_A : KEY_B, r.header("X-Pusher-Key"));
            assertTrue(r.json().getJsonNumber("time_ms").longValue() > 0);
            assertEquals(Validity.VALID, own.validateWebhookSignature(r.header("X-Pusher-Key"),
                    r.header("X-Pusher-Signature"), r.body()), r.body());
            assertEquals(Validity.INVALID, other.validateWebhookSignature(own == sdkA ? KEY_B : KEY_A,
                    r.header("X-Pusher-Signature"), r.body()), "another app's secret does not verify it");
            checked++;
        }
        assertTrue(checked >= 2, "requests checked: " + checked);
    }

    @Test
    void onTwoNodesAChannelIsOccupiedAndVacatedOnceAndAUserAddedAndRemovedOnce() throws Exception {
        RedisServer redis = RedisServer.start();
        servers.add(redis);
        String config = """
                {"apiKeys": ["pusher-hooks-api-key-0123456789"], "allowAnonymous": true, "statsChannel": "",
                 "broker": "redis",
                 "redis": {"shards": ["%s"], "keyPrefix": "%s", "presenceTtlSeconds": 2,
                           "commandTimeoutMillis": 1000, "connectTimeoutMillis": 1000},
                 %s}
                """.formatted(redis.url(), "p" + UUID.randomUUID().toString().substring(0, 6) + ":",
                apps(backend.url("/a").toString(), backend.url("/b").toString()));
        HeraldNode one = HeraldNode.start("node1", config, "pusher-hooks-api-key-0123456789");
        servers.add(one);
        HeraldNode two = HeraldNode.start("node2", config, "pusher-hooks-api-key-0123456789");
        servers.add(two);

        com.pusher.client.Pusher annOnOne = pages.connect(one.port(), sdkA, KEY_A, "ann");
        com.pusher.client.Pusher annOnTwo = pages.connect(two.port(), sdkA, KEY_A, "ann");
        PusherClients.awaitSubscribed(annOnOne.subscribePresence("presence-room"));
        PusherClients.awaitSubscribed(annOnTwo.subscribePresence("presence-room"));
        backend.awaitEvents("/a", e -> count(e, "member_added", user("presence-room", "ann")) >= 1, WAIT, "ann added");
        PusherClients.disconnect(annOnOne);
        // the first node's page is gone, the second's remains: nothing may be reported yet; a sentinel
        // channel on the first node, reported after that leave, proves it
        settle(one, "after-first-leave");
        List<JsonObject> mid = backend.events("/a");
        assertEquals(0, count(mid, "member_removed", x -> true), mid.toString());
        assertEquals(0, count(mid, "channel_vacated", on("presence-room")), mid.toString());

        PusherClients.disconnect(annOnTwo);
        backend.awaitEvents("/a", e -> count(e, "channel_vacated", on("presence-room")) == 1, WAIT, "vacated");
        settle(one, "end-1");
        settle(two, "end-2");
        List<JsonObject> events = backend.events("/a");
        assertEquals(1, count(events, "channel_occupied", on("presence-room")), events.toString());
        assertEquals(1, count(events, "channel_vacated", on("presence-room")), events.toString());
        assertEquals(1, count(events, "member_added", user("presence-room", "ann")), "one member on two nodes");
        assertEquals(1, count(events, "member_removed", user("presence-room", "ann")), events.toString());
        assertEquals(List.of(), backend.events("/b"), "app B saw nothing");
        for (WebhookBackend.Received r : backend.received()) {
            assertEquals(Validity.VALID, sdkA.validateWebhookSignature(r.header("X-Pusher-Key"),
                    r.header("X-Pusher-Signature"), r.body()), r.body());
        }
    }

    /**
     * A node's events leave in order: once a sentinel channel subscribed on it after an event was reported
     * occupied, anything that event caused on that node has been reported too.
     */
    private void settle(HeraldNode node, String name) throws Exception {
        com.pusher.client.Pusher sentinel = pages.connect(node.port(), sdkA, KEY_A, "sentinel");
        String channel = "sentinel-" + name;
        PusherClients.awaitSubscribed(sentinel.subscribe(channel));
        backend.awaitEvents("/a", e -> count(e, "channel_occupied", on(channel)) == 1, WAIT, channel);
    }

    private static long count(List<JsonObject> events, String name, Predicate<JsonObject> also) {
        return events.stream().filter(e -> name.equals(e.getString("name")) && also.test(e)).count();
    }

    private static Predicate<JsonObject> on(String channel) {
        return e -> channel.equals(e.getString("channel", ""));
    }

    private static Predicate<JsonObject> user(String channel, String user) {
        return e -> channel.equals(e.getString("channel", "")) && user.equals(e.getString("user_id", ""));
    }
}
