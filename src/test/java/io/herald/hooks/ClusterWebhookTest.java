package io.herald.hooks;

import io.herald.security.Tokens;
import io.herald.testing.HeraldNode;
import io.herald.testing.RedisServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node JVMs on one Redis, all sending webhooks to one real backend: occupied/vacated and member
 * added/removed are decided cluster-wide and sent once per transition; a killed node's clients are
 * reported gone, once, by a survivor within the presence TTL.
 */
@Tag("integration")
class ClusterWebhookTest {
    private static final String API_KEY = "cluster-hooks-api-key-0123456789";
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServer redis;
    private WebhookBackend backend;
    private final List<HeraldNode> nodes = new ArrayList<>();
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        backend = new WebhookBackend(WebhookLifecycleTest.NEW_SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        for (WsTestClient c : clients) {
            c.close();
        }
        for (HeraldNode n : nodes) {
            n.close();
        }
        backend.close();
        redis.close();
    }

    private void startNodes(int count) {
        String config = """
                {"apiKeys": ["%s"], "allowAnonymous": true, "statsChannel": "", "auth": {"hmacSecret": "%s"},
                 "broker": "redis",
                 "redis": {"shards": ["%s"], "keyPrefix": "%s", "presenceTtlSeconds": %d,
                           "commandTimeoutMillis": 1000, "connectTimeoutMillis": 1000},
                 "hooks": {"webhooks": [%s]}}
                """.formatted(API_KEY, Tokens.SECRET, redis.url(), "h" + UUID.randomUUID().toString().substring(0, 6) + ":",
                TTL.toSeconds(), WebhookLifecycleTest.target("app", backend.url("/app").toString(), ""));
        List<CompletableFuture<HeraldNode>> starting = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = "node" + i;
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return HeraldNode.start(name, config, API_KEY);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        starting.forEach(f -> nodes.add(f.join()));
    }

    private WsTestClient user(HeraldNode node, String user, String channel) throws Exception {
        WsTestClient c = WsTestClient.open(node.wsUri());
        clients.add(c);
        c.result("connect", ",\"token\":\"" + Tokens.hs256(Tokens.claims(user, 600).build()) + "\"");
        c.result("subscribe", ",\"channel\":\"" + channel + "\"");
        return c;
    }

    private static long count(List<JsonObject> events, String type, Predicate<JsonObject> also) {
        return events.stream().filter(e -> type.equals(e.getString("type")) && also.test(e)).count();
    }

    private static Predicate<JsonObject> on(String channel) {
        return e -> channel.equals(e.getString("channel", ""));
    }

    private static Predicate<JsonObject> member(String channel, String user) {
        return e -> channel.equals(e.getString("channel", "")) && user.equals(e.getString("user", ""));
    }

    /**
     * Each node's events leave in order, state-derived ones included, so once every node's sentinel
     * channel was reported occupied, any duplicate of an earlier event would already have arrived.
     */
    private List<JsonObject> settle(List<HeraldNode> alive) throws Exception {
        int i = 0;
        for (HeraldNode node : alive) {
            String sentinel = "sentinel-" + UUID.randomUUID().toString().substring(0, 8) + "-" + i++;
            user(node, "sentinel", sentinel);
            backend.awaitEvents("/app", e -> count(e, "channel_occupied", on(sentinel)) == 1, WAIT, sentinel);
        }
        return backend.events("/app");
    }

    @Test
    void aUserOnTwoNodesJoinsAndLeavesOnceAndTheChannelIsOccupiedAndVacatedOnce() throws Exception {
        startNodes(2);
        HeraldNode a = nodes.get(0);
        HeraldNode b = nodes.get(1);
        WsTestClient aliceOnA = user(a, "alice", "chat:room");
        WsTestClient aliceOnB = user(b, "alice", "chat:room");
        WsTestClient bobOnB = user(b, "bob", "chat:room");
        List<JsonObject> events = backend.awaitEvents("/app", e -> count(e, "subscribe", on("chat:room")) == 3, WAIT,
                "three subscribes");
        aliceOnA.close();
        backend.awaitEvents("/app", e -> count(e, "disconnect", x -> true) == 1, WAIT, "alice's first tab gone");
        aliceOnB.close();
        backend.awaitEvents("/app", e -> count(e, "member_removed", member("chat:room", "alice")) == 1, WAIT,
                "alice removed after her last tab on the other node");
        bobOnB.result("unsubscribe", ",\"channel\":\"chat:room\"");
        backend.awaitEvents("/app", e -> count(e, "channel_vacated", on("chat:room")) == 1, WAIT, "vacated");

        events = settle(nodes);
        assertEquals(1, count(events, "channel_occupied", on("chat:room")), events.toString());
        assertEquals(1, count(events, "channel_vacated", on("chat:room")), events.toString());
        assertEquals(1, count(events, "member_added", member("chat:room", "alice")), "alice on two nodes is one member");
        assertEquals(1, count(events, "member_added", member("chat:room", "bob")));
        assertEquals(1, count(events, "member_removed", member("chat:room", "alice")));
        assertEquals(1, count(events, "member_removed", member("chat:room", "bob")));
        assertEquals(3, count(events, "unsubscribe", on("chat:room")));
        for (WebhookBackend.Received r : backend.received()) {
            assertTrue(r.signatureValid());
        }
    }

    @Test
    void aKilledNodesClientsAreReportedGoneOnceBySurvivorsWithinThePresenceTtl() throws Exception {
        startNodes(3);
        HeraldNode doomed = nodes.get(2);
        user(nodes.get(0), "carol", "chat:room");
        user(doomed, "alice", "chat:room");
        user(doomed, "dave", "chat:lonely");
        backend.awaitEvents("/app", e -> count(e, "channel_occupied", on("chat:lonely")) == 1
                && count(e, "member_added", member("chat:room", "alice")) == 1, WAIT, "everyone in");
        long killedAt = System.nanoTime();
        doomed.kill();
        backend.awaitEvents("/app", e -> count(e, "disconnect", x -> x.getInt("code") == 1006) == 2
                && count(e, "channel_vacated", on("chat:lonely")) == 1, WAIT, "the dead node's clients reported gone");
        long millis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("HOOKS-CLUSTER dead node's clients reported gone after " + millis + " ms (TTL "
                + TTL.toMillis() + " ms)");
        assertTrue(millis <= TTL.toMillis() + 500, "reported within the TTL (plus delivery): " + millis + " ms");

        List<JsonObject> events = settle(nodes.subList(0, 2));
        assertEquals(2, count(events, "disconnect", x -> x.getInt("code") == 1006), events.toString());
        assertEquals(1, count(events, "member_removed", member("chat:room", "alice")), events.toString());
        assertEquals(1, count(events, "member_removed", member("chat:lonely", "dave")), events.toString());
        assertEquals(1, count(events, "channel_vacated", on("chat:lonely")), events.toString());
        assertEquals(0, count(events, "channel_vacated", on("chat:room")), "carol is still there");
        assertEquals(0, count(events, "member_removed", member("chat:room", "carol")));
        assertEquals(1, count(events, "unsubscribe", member("chat:room", "alice")));
    }
}
