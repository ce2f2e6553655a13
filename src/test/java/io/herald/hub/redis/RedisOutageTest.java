package io.herald.hub.redis;

import io.herald.hub.ClientInfo;
import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import io.herald.hub.Payload;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;
import io.herald.testing.RedisServer;
import io.herald.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's engine when Redis goes away, freezes, comes back, or comes back empty. Node A reaches Redis
 * through a proxy the test can cut; node B talks to Redis directly. Each test has its own Redis.
 */
@Tag("integration")
class RedisOutageTest {
    private static final PublishOptions HISTORY = new PublishOptions(100, Duration.ofMinutes(5), null);
    /** "At once": far below the 1 s command timeout, since a closed connection rejects commands. */
    private static final Duration FAST = Duration.ofMillis(300);

    private final RecordingListener a = new RecordingListener();
    private final RecordingListener b = new RecordingListener();
    private RedisServer redis;
    private TcpProxy link;
    private RedisEngine nodeA;
    private RedisEngine nodeB;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        link = new TcpProxy(redis.port());
        String prefix = "o" + UUID.randomUUID().toString().substring(0, 8) + ":";
        nodeA = RedisEngine.start(RedisSettings.local(link.redisUrl(), prefix));
        nodeA.broker().start(a);
        nodeB = RedisEngine.start(RedisSettings.local(redis.url(), prefix));
        nodeB.broker().start(b);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {nodeA, nodeB, link, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void whileRedisIsUnreachableEveryCallFailsAtOnceWithUnavailable() throws Exception {
        nodeA.broker().subscribe("ch");
        link.cut();
        Poll.until(Duration.ofSeconds(3), "node A not ready", () -> !nodeA.broker().isReady());
        assertFastUnavailable(() -> nodeA.broker().publish("ch", Payload.json("1"), null, HISTORY));
        assertFastUnavailable(() -> nodeA.broker().subscribe("other"));
        assertFastUnavailable(() -> nodeA.history().read("ch", 0, 10));
        assertFastUnavailable(() -> nodeA.history().position("ch"));
        assertFastUnavailable(() -> nodeA.presence().add("ch", new ClientInfo("c1", "", "")));
        assertFastUnavailable(() -> nodeA.presence().get("ch"));
        // best-effort calls never throw
        nodeA.broker().publishJoin("ch", new ClientInfo("c1", "", ""));
        nodeA.broker().unsubscribe("ch");
        assertTrue(nodeB.broker().isReady(), "a node with its own path to Redis is unaffected");
    }

    @Test
    void aFrozenRedisCostsAtMostTheCommandTimeout() throws Exception {
        redis.pause();
        try {
            long start = System.nanoTime();
            HubException e = assertThrows(HubException.class,
                    () -> nodeA.broker().publish("ch", Payload.json("1"), null, HISTORY));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(millis < 1500, "took " + millis + " ms with a 1 s command timeout");
            Poll.until(Duration.ofSeconds(5), "a frozen Redis makes the node not ready", () -> !nodeA.broker().isReady());
        } finally {
            redis.resume();
        }
        Poll.until(Duration.ofSeconds(5), "ready again after Redis thaws", () -> nodeA.broker().isReady());
    }

    @Test
    void whenRedisReturnsTheNodeResubscribesThenReportsTheGap() throws Exception {
        nodeA.broker().subscribe("ch");
        link.cut();
        Poll.until(Duration.ofSeconds(3), "node A not ready", () -> !nodeA.broker().isReady());
        // published while A was cut off: A's subscribers miss it live and must recover it from history
        StreamPosition missed = nodeB.broker().publish("ch", Payload.json("\"missed\""), null, HISTORY);
        link.restore();
        Poll.until(Duration.ofSeconds(10), "gap reported", () -> a.gaps.get() == 1);
        assertTrue(nodeA.broker().isReady());
        var recovered = nodeA.history().read("ch", missed.offset() - 1, 10).publications();
        assertEquals(List.of("\"missed\""), recovered.stream().map(p -> p.payload().json()).toList());
        nodeB.broker().publish("ch", Payload.json("\"live\""), null, HISTORY);
        assertEquals("\"live\"", a.nextPublication().payload().json(), "subscribed again by the time the gap is reported");
    }

    @Test
    void unsubscribingWhileCutOffTakesEffectWhenRedisReturns() throws Exception {
        nodeA.broker().subscribe("gone");
        link.cut();
        nodeA.broker().unsubscribe("gone");
        link.restore();
        Poll.until(Duration.ofSeconds(10), "gap reported", () -> a.gaps.get() == 1);
        nodeB.broker().publish("gone", Payload.json("1"), null, HISTORY);
        a.assertQuiet(Duration.ofMillis(500));
    }

    @Test
    void redisRestartingEmptyStartsANewEpoch() throws Exception {
        nodeA.broker().subscribe("ch");
        StreamPosition before = nodeA.broker().publish("ch", Payload.json("1"), null, HISTORY);
        a.nextPublication();
        redis.kill();
        Poll.until(Duration.ofSeconds(3), "not ready without Redis", () -> !nodeA.broker().isReady());
        redis.restart();
        Poll.until(Duration.ofSeconds(10), "gap reported after the restart", () -> a.gaps.get() >= 1);
        StreamPosition after = nodeA.history().position("ch");
        assertNotEquals(before.epoch(), after.epoch(), "history was lost, so the epoch must change");
        assertEquals(0, after.offset());
        // node B reconnects on its own schedule: node A's gap says nothing about B's command connection
        Poll.until(Duration.ofSeconds(10), "node B back after the restart", () -> nodeB.broker().isReady());
        StreamPosition next = nodeB.broker().publish("ch", Payload.json("2"), null, HISTORY);
        assertEquals(new StreamPosition(1, after.epoch()), next);
        assertEquals(next.offset(), a.nextPublication().offset(), "node A resubscribed on the new Redis");
    }

    @Test
    void aNodeStartedWithoutRedisBecomesReadyWhenRedisAppears() throws Exception {
        link.cut();
        RecordingListener c = new RecordingListener();
        long start = System.nanoTime();
        RedisEngine late = RedisEngine.start(RedisSettings.local(link.redisUrl(), "late:"));
        try {
            late.broker().start(c);
            assertTrue((System.nanoTime() - start) / 1_000_000 < 3000, "start is bounded by the connect timeout");
            assertFalse(late.broker().isReady());
            assertFastUnavailable(() -> late.broker().publish("ch", Payload.json("1"), null, HISTORY));
            link.restore();
            Poll.until(Duration.ofSeconds(10), "ready once Redis is reachable", () -> late.broker().isReady());
            assertEquals(1, late.broker().publish("ch", Payload.json("1"), null, HISTORY).offset());
        } finally {
            late.close();
        }
    }

    private static void assertFastUnavailable(Executable call) {
        long start = System.nanoTime();
        HubException e = assertThrows(HubException.class, call);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(millis < FAST.toMillis(), "took " + millis + " ms");
    }
}
