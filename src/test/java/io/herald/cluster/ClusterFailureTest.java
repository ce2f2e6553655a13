package io.herald.cluster;

import io.herald.testing.HeraldNode;
import io.herald.testing.RedisServer;
import io.herald.testing.TcpProxy;
import io.herald.testing.TestPublisher;
import io.herald.testing.TrackingClient;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures of a three-node cluster under a steady publish load, each measuring what subscribers lost
 * and got twice. Subscribers behave like the browser client (reconnect to another node, resubscribe
 * with {@code since}); the publisher retries refused publishes with the same idempotency key. Every
 * case prints a {@code CLUSTER-FAILURE} line with its counts.
 */
@Tag("integration")
class ClusterFailureTest {
    private static final String CHANNEL_NS = "big:";
    private static final int RATE = 40;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<TrackingClient> clients = new ArrayList<>();
    private List<HeraldNode> nodes;

    @AfterEach
    void cleanUp() throws Exception {
        for (TrackingClient c : clients) {
            c.close();
        }
        if (nodes != null) {
            ClusterFixture.stop(nodes);
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private void startCluster(List<String> shardUrls) {
        nodes = ClusterFixture.start(3, ClusterFixture.config(shardUrls, "f" + UUID.randomUUID().toString().substring(0, 6) + ":"));
    }

    /** {@code perNode} subscribers per node, each starting on its node and moving round the others. */
    private void subscribe(String channel, int perNode) throws Exception {
        List<URI> uris = nodes.stream().map(HeraldNode::wsUri).toList();
        for (int i = 0; i < perNode * nodes.size(); i++) {
            clients.add(new TrackingClient("sub" + i, uris, i % nodes.size(), channel).start());
        }
        for (TrackingClient c : clients) {
            c.awaitSubscribed(10_000);
        }
    }

    @Test
    void redisUnavailableAnswers503AtOnceKeepsClientsAndLosesNothingOnceBack() throws Exception {
        RedisServer redis = keep(RedisServer.start());
        TcpProxy path = keep(new TcpProxy(redis.port()));
        startCluster(List.of(path.redisUrl()));
        String ch = CHANNEL_NS + "outage";
        subscribe(ch, 2);
        TestPublisher publisher = keep(new TestPublisher(() -> nodes, ch, RATE).start());
        WsTestClient chatter = keep(WsTestClient.connected(nodes.get(1).wsUri(), "chatter"));
        chatter.result("subscribe", ",\"channel\":\"chat:during-outage\"");
        until(Duration.ofSeconds(10), "20 publications acked", () -> publisher.acked().size() >= 20);

        path.cut();
        until(Duration.ofSeconds(5), "every node reports not ready", () -> allHealth(503));
        until(Duration.ofSeconds(5), "publishes refused", () -> publisher.refused() >= 5);
        long start = System.nanoTime();
        JsonObject refusal = chatter.request("publish", ",\"channel\":\"chat:during-outage\",\"data\":1");
        long wsMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("unavailable", refusal.getJsonObject("error").getString("code"), refusal.toString());
        assertTrue(wsMillis < 1000, "WebSocket publish refusal took " + wsMillis + " ms");
        holds(Duration.ofSeconds(1), "clients stay connected during the outage",
                () -> chatter.isOpen() && clients.stream().allMatch(c -> c.closeCodes().isEmpty()));

        int ackedBeforeReturn = publisher.acked().size();
        path.restore();
        until(Duration.ofSeconds(10), "every node ready again", () -> allHealth(200));
        until(Duration.ofSeconds(15), "every client recovered after its 4005",
                () -> clients.stream().allMatch(c -> c.recoveredTrue() >= 1));
        until(Duration.ofSeconds(10), "publishing resumed", () -> publisher.acked().size() >= ackedBeforeReturn + 40);
        publisher.close();

        Counts counts = settle(publisher.acked());
        report("redis-unavailable", publisher, counts);
        for (TrackingClient c : clients) {
            for (long seq : c.missing(publisher.acked())) {
                System.out.println("missing seq " + seq + " at " + publisher.position(seq) + " for " + c.name());
            }
        }
        assertTrue(publisher.slowestRefusalMillis() < 1000, "a 503 took " + publisher.slowestRefusalMillis() + " ms");
        for (TrackingClient c : clients) {
            assertTrue(c.closeCodes().contains(4005), c + " should have been asked to reconnect with 4005");
        }
        assertEquals(0, counts.lost, "lost publications");
        assertEquals(0, counts.duplicates, "duplicate publications");
    }

    @Test
    void aNodeDiesAndItsClientsRecoverEverythingOnOtherNodes() throws Exception {
        RedisServer redis = keep(RedisServer.start());
        startCluster(List.of(redis.url()));
        String ch = CHANNEL_NS + "crash";
        subscribe(ch, 3);
        List<HeraldNode> live = new CopyOnWriteArrayList<>(nodes);
        TestPublisher publisher = keep(new TestPublisher(() -> live, ch, RATE).start());
        until(Duration.ofSeconds(10), "20 publications acked", () -> publisher.acked().size() >= 20);

        HeraldNode victim = nodes.get(0);
        List<TrackingClient> orphans = clients.stream().filter(c -> c.closeCodes().isEmpty()
                && clients.indexOf(c) % nodes.size() == 0).toList();
        Set<String> deadIds = new HashSet<>();
        orphans.forEach(c -> deadIds.add(c.clientIds().get(0)));
        live.remove(victim);
        victim.kill();
        until(Duration.ofSeconds(15), "the dead node's clients recovered elsewhere",
                () -> orphans.stream().allMatch(c -> c.recoveredTrue() >= 1));
        int acked = publisher.acked().size();
        until(Duration.ofSeconds(10), "publishing continued", () -> publisher.acked().size() >= acked + 40);
        publisher.close();

        Counts counts = settle(publisher.acked());
        report("node-dies", publisher, counts);
        assertEquals(0, counts.lost, "lost publications");
        assertEquals(0, counts.duplicates, "duplicate publications");
        until(Duration.ofSeconds(10), "the dead node's clients vanish from presence", () -> {
            String body = presence(nodes.get(1), ch);
            return deadIds.stream().noneMatch(body::contains)
                    && ClusterScenarios.json(body).getJsonObject("clients").size() == clients.size();
        });
    }

    @Test
    void redisRestartingEmptyTellsEveryClientRecoveredFalseInANewEpoch() throws Exception {
        RedisServer redis = keep(RedisServer.start());
        startCluster(List.of(redis.url()));
        String ch = CHANNEL_NS + "amnesia";
        subscribe(ch, 2);
        TestPublisher before = keep(new TestPublisher(() -> nodes, ch, RATE, 1));
        before.start();
        until(Duration.ofSeconds(10), "20 publications acked", () -> before.acked().size() >= 20);
        before.close();
        Counts first = settle(before.acked());
        String oldEpoch = clients.get(0).epoch();

        redis.kill();
        until(Duration.ofSeconds(5), "every node reports not ready", () -> allHealth(503));
        redis.restart();
        until(Duration.ofSeconds(10), "every node ready again", () -> allHealth(200));
        until(Duration.ofSeconds(15), "every client told recovered:false",
                () -> clients.stream().allMatch(c -> c.recoveredFalse() == 1));
        for (TrackingClient c : clients) {
            assertNotEquals(oldEpoch, c.epoch(), c + " must be in the new epoch");
            assertEquals(clients.get(0).epoch(), c.epoch(), "one new epoch for everyone");
        }

        TestPublisher after = keep(new TestPublisher(() -> nodes, ch, RATE, 100_001));
        after.start();
        until(Duration.ofSeconds(10), "20 more publications acked", () -> after.acked().size() >= 20);
        after.close();
        Counts second = settle(after.acked());
        report("redis-restarts-empty(before)", before, first);
        report("redis-restarts-empty(after)", after, second);
        System.out.println("CLUSTER-FAILURE case=redis-restarts-empty recoveredFalse="
                + clients.stream().filter(c -> c.recoveredFalse() == 1).count() + "/" + clients.size());
        assertEquals(0, first.lost + second.lost, "lost publications");
        assertEquals(0, first.duplicates + second.duplicates, "duplicate publications");
    }

    @Test
    void oneShardDownRefusesOnlyItsChannels() throws Exception {
        RedisServer shardA = keep(RedisServer.start());
        RedisServer shardB = keep(RedisServer.start());
        startCluster(List.of(shardA.url(), shardB.url()));
        String onA = null;
        String onB = null;
        for (int i = 0; onA == null || onB == null; i++) {
            String ch = "probe-" + i;
            assertEquals(200, nodes.get(0).api("POST", "/api/publish", "{\"channel\":\"" + ch + "\",\"data\":1}").statusCode());
            boolean a = shardA.command("KEYS", "*{" + ch + "}*").contains(ch);
            if (a && onA == null) {
                onA = ch;
            } else if (!a && onB == null) {
                onB = ch;
            }
        }
        shardB.kill();
        until(Duration.ofSeconds(5), "nodes not ready with a shard down", () -> allHealth(503));
        long start = System.nanoTime();
        var refused = nodes.get(1).api("POST", "/api/publish", "{\"channel\":\"" + onB + "\",\"data\":2}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"unavailable\""), refused.body());
        assertTrue(millis < 1000, "took " + millis + " ms");
        assertEquals(200, nodes.get(1).api("POST", "/api/publish", "{\"channel\":\"" + onA + "\",\"data\":2}").statusCode(),
                "channels of the healthy shard keep working");
        shardB.restart();
        until(Duration.ofSeconds(10), "ready again", () -> allHealth(200));
        assertEquals(200, nodes.get(2).api("POST", "/api/publish", "{\"channel\":\"" + onB + "\",\"data\":3}").statusCode());
    }

    // ---- measuring ------------------------------------------------------------------------------

    private record Counts(int lost, int duplicates, String details) {
    }

    /** Waits (bounded) until every client has every acked publication, then counts. */
    private Counts settle(List<Long> acked) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && !clients.stream().allMatch(c -> c.hasAll(acked))) {
            Thread.sleep(50);
        }
        int lost = 0;
        int dups = 0;
        StringBuilder details = new StringBuilder();
        for (TrackingClient c : clients) {
            lost += c.lost(acked);
            dups += c.duplicates();
            details.append("\n  ").append(c);
            if (c.lost(acked) > 0 || c.duplicates() > 0) {
                details.append(" missing=").append(c.missing(acked)).append(" journal=").append(c.journal());
            }
        }
        return new Counts(lost, dups, details.toString());
    }

    private void report(String name, TestPublisher publisher, Counts counts) {
        System.out.println("CLUSTER-FAILURE case=" + name + " published=" + publisher.acked().size()
                + " subscribers=" + clients.size() + " deliveriesExpected=" + publisher.acked().size() * clients.size()
                + " lost=" + counts.lost + " duplicates=" + counts.duplicates + " refused503=" + publisher.refused()
                + " slowest503ms=" + publisher.slowestRefusalMillis() + counts.details);
    }

    private boolean allHealth(int status) {
        for (HeraldNode n : nodes) {
            try {
                if (n.health() != status) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    private static String presence(HeraldNode node, String ch) {
        try {
            return node.api("GET", "/api/presence?channel=" + ch, null).body();
        } catch (Exception e) {
            return "{\"clients\":{}}";
        }
    }

    private void until(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what + "; subscribers: " + clients);
            }
            Thread.sleep(50);
        }
    }

    private static void holds(Duration period, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("stopped holding within " + period + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
