package io.herald.cluster;

import io.herald.testing.HeraldNode;
import io.herald.testing.RedisServer;
import io.herald.testing.TestPublisher;
import io.herald.testing.TrackingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rolling restart of docs/deploy-standalone.md, step by step: two nodes on one Redis behind fixed
 * addresses, a steady publisher, subscribers that reconnect like the browser client. Each node in turn
 * is stopped with SIGTERM (its clients get 1001 and move to the other node, resubscribing with
 * {@code since}) and started again on its address. No subscriber may lose or repeat a publication.
 */
@Tag("integration")
class RollingRestartTest {
    private static final String CHANNEL = "big:rolling";
    private static final int RATE = 40;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<TrackingClient> clients = new ArrayList<>();
    private final List<HeraldNode> live = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (TrackingClient c : clients) {
            c.close();
        }
        for (HeraldNode node : live) {
            node.close();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void restartingEachNodeInTurnLosesAndRepeatsNoPublication() throws Exception {
        RedisServer redis = RedisServer.start();
        resources.add(redis);
        String config = ClusterFixture.config(List.of(redis.url()), "r" + UUID.randomUUID().toString().substring(0, 6) + ":");
        int[] ports = {RedisServer.freePort(), RedisServer.freePort()};
        for (int i = 0; i < 2; i++) {
            live.add(HeraldNode.start("node" + i, config, ClusterFixture.API_KEY, ports[i]));
        }
        List<URI> addresses = List.of(live.get(0).wsUri(), live.get(1).wsUri());
        for (int i = 0; i < 6; i++) {
            clients.add(new TrackingClient("sub" + i, addresses, i % 2, CHANNEL).start());
        }
        for (TrackingClient c : clients) {
            c.awaitSubscribed(10_000);
        }
        TestPublisher publisher = new TestPublisher(() -> live, CHANNEL, RATE);
        resources.add(publisher);
        publisher.start();
        until(Duration.ofSeconds(10), "20 publications acked", () -> publisher.acked().size() >= 20);

        for (int i = 0; i < 2; i++) {
            HeraldNode old = live.get(i);
            live.set(i, live.get(1 - i)); // the load balancer stops sending to it (here: the publisher)
            old.close(); // SIGTERM: drain with 1001
            // node0 holds its 3 first clients; by node1's turn every client is there: 3, then 3 + 6 recoveries
            int recoveries = i == 0 ? 3 : 9;
            until(Duration.ofSeconds(15), "node" + i + "'s clients moved and recovered",
                    () -> clients.stream().mapToInt(TrackingClient::recoveredTrue).sum() >= recoveries);
            live.set(i, HeraldNode.start("node" + i + "-restarted", config, ClusterFixture.API_KEY, ports[i]));
            int acked = publisher.acked().size();
            until(Duration.ofSeconds(10), "publishing continued", () -> publisher.acked().size() >= acked + 20);
        }
        publisher.close();

        List<Long> acked = publisher.acked();
        until(Duration.ofSeconds(15), "every subscriber has every publication", () -> clients.stream().allMatch(c -> c.hasAll(acked)));
        for (TrackingClient c : clients) {
            assertEquals(0, c.lost(acked), c + " lost " + c.missing(acked));
            assertEquals(0, c.duplicates(), c + " got duplicates: " + c.journal());
            assertTrue(c.closeCodes().contains(1001), c + " was drained with 1001: " + c.closeCodes());
        }
        System.out.println("ROLLING-RESTART acked=" + acked.size() + " clients=" + clients.size() + " lost=0 duplicates=0");
    }

    private static void until(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
