package io.herald.hub.redis;

import io.herald.hub.ClientInfo;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;
import io.herald.testing.RedisServer;
import io.herald.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two nodes' engines (A and B) on one real Redis: what one node does, the other sees. */
@Tag("integration")
class RedisTwoNodeTest {
    private static final PublishOptions HISTORY = new PublishOptions(1000, Duration.ofMinutes(5), null);
    private static RedisServer redis;

    private final RecordingListener a = new RecordingListener();
    private final RecordingListener b = new RecordingListener();
    private String prefix;
    private RedisEngine nodeA;
    private RedisEngine nodeB;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void startNodes() {
        prefix = "n" + UUID.randomUUID().toString().substring(0, 8) + ":";
        nodeA = node(redis.url(), a, Duration.ofSeconds(30));
        nodeB = node(redis.url(), b, Duration.ofSeconds(30));
    }

    private RedisEngine node(String url, RecordingListener listener, Duration presenceTtl) {
        RedisEngine engine = RedisEngine.start(RedisSettings.local(url, prefix).withPresenceTtl(presenceTtl));
        engine.broker().start(listener);
        return engine;
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void aPublicationOnOneNodeReachesTheOtherNodesSubscribers() throws Exception {
        nodeA.broker().subscribe("news");
        StreamPosition p = nodeB.broker().publish("news", Payload.json("{\"n\":1}"), null, HISTORY);
        Publication got = a.nextPublication();
        assertEquals(p.offset(), got.offset());
        assertEquals("{\"n\":1}", got.payload().json());
    }

    @Test
    void aNodeReceivesOnlyTheChannelsItSubscribedTo() throws Exception {
        nodeA.broker().subscribe("wanted");
        nodeB.broker().publish("unwanted", Payload.json("1"), null, HISTORY);
        nodeB.broker().publish("wanted", Payload.json("2"), null, HISTORY);
        assertEquals("2", a.nextPublication().payload().json());
        b.assertQuiet(Duration.ofMillis(300));
        a.assertQuiet(Duration.ofMillis(300));
    }

    @Test
    void afterUnsubscribingANodeReceivesNothingMore() throws Exception {
        nodeA.broker().subscribe("ch");
        nodeB.broker().publish("ch", Payload.json("1"), null, HISTORY);
        a.nextPublication();
        nodeA.broker().unsubscribe("ch");
        // the unsubscribe is not awaited; a subscribe round trip on the same connection orders after it
        nodeA.broker().subscribe("other");
        nodeB.broker().publish("ch", Payload.json("2"), null, HISTORY);
        a.assertQuiet(Duration.ofMillis(500));
    }

    @Test
    void concurrentPublishersOnBothNodesProduceOneOrderEveryNodeSees() throws Exception {
        nodeA.broker().subscribe("race");
        nodeB.broker().subscribe("race");
        int each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (RedisEngine node : List.of(nodeA, nodeB)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        node.broker().publish("race", Payload.json("\"" + node.hashCode() + "-" + i + "\""), null, HISTORY);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> seenByA = new ArrayList<>();
        List<String> seenByB = new ArrayList<>();
        for (int i = 1; i <= 2 * each; i++) {
            Publication pa = a.nextPublication();
            Publication pb = b.nextPublication();
            assertEquals(i, pa.offset(), "node A: gap-free, in order");
            assertEquals(i, pb.offset(), "node B: gap-free, in order");
            seenByA.add(pa.payload().json());
            seenByB.add(pb.payload().json());
        }
        assertEquals(seenByA, seenByB, "both nodes see the same publication at each offset");
    }

    @Test
    void presenceAddedOnOneNodeIsSeenOnTheOther() {
        ClientInfo ann = new ClientInfo("c-ann", "ann", "Ann");
        ClientInfo bob = new ClientInfo("c-bob", "bob", "Bob");
        nodeA.presence().add("room", ann);
        nodeB.presence().add("room", bob);
        assertEquals(Map.of("c-ann", ann, "c-bob", bob), nodeA.presence().get("room"));
        nodeB.presence().remove("room", "c-bob");
        assertEquals(Map.of("c-ann", ann), nodeB.presence().get("room"));
    }

    @Test
    void presenceOfANodeCutOffFromRedisExpiresWhileLiveNodesKeepTheirs() throws Exception {
        try (TcpProxy link = new TcpProxy(redis.port())) {
            RecordingListener c = new RecordingListener();
            RedisEngine doomed = node(link.redisUrl(), c, Duration.ofSeconds(1));
            RedisEngine live = node(redis.url(), new RecordingListener(), Duration.ofSeconds(1));
            try {
                doomed.presence().add("room", new ClientInfo("c-doomed", "", ""));
                live.presence().add("room", new ClientInfo("c-live", "", ""));
                assertEquals(2, nodeB.presence().get("room").size());
                link.cut();
                Poll.until(Duration.ofSeconds(5), "the cut-off node's client vanishes",
                        () -> !nodeB.presence().get("room").containsKey("c-doomed"));
                Poll.holds(Duration.ofMillis(1500), "the live node's refreshed entry outlives its 1 s TTL",
                        () -> nodeB.presence().get("room").containsKey("c-live"));
            } finally {
                doomed.close();
                live.close();
            }
        }
    }

    @Test
    void anIdempotencyKeyIsRememberedAcrossNodes() throws Exception {
        nodeA.broker().subscribe("orders");
        PublishOptions keyed = new PublishOptions(100, Duration.ofMinutes(5), "order-42");
        StreamPosition first = nodeA.broker().publish("orders", Payload.json("1"), null, keyed);
        StreamPosition retry = nodeB.broker().publish("orders", Payload.json("1"), null, keyed);
        assertEquals(first, retry);
        a.nextPublication();
        a.assertQuiet(Duration.ofMillis(300));
    }

    @Test
    void joinAndLeaveTravelBetweenNodes() throws Exception {
        nodeA.broker().subscribe("chat:x");
        ClientInfo bob = new ClientInfo("c-bob", "bob", "Bob");
        nodeB.broker().publishJoin("chat:x", bob);
        nodeB.broker().publishLeave("chat:x", bob);
        assertEquals("join:chat:x:c-bob", a.next());
        assertEquals("leave:chat:x:c-bob", a.next());
    }

    @Test
    void historyWrittenByOneNodeIsReadByTheOther() {
        for (int i = 1; i <= 3; i++) {
            nodeA.broker().publish("log", Payload.json(String.valueOf(i)), new ClientInfo("c", "u", "n"), HISTORY);
        }
        var page = nodeB.history().read("log", 1, 10);
        assertEquals(List.of(2L, 3L), page.publications().stream().map(Publication::offset).toList());
        assertEquals(nodeA.history().position("log"), page.position());
    }
}
