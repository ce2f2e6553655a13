package io.herald.hub.redis;

import io.herald.hub.Payload;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard given as a Sentinel URL (as docs/scaling.md recommends): a real master, replica and
 * Sentinel; the engine follows a failover to the promoted replica.
 */
@Tag("integration")
class RedisSentinelTest {
    private static final PublishOptions HISTORY = new PublishOptions(100, Duration.ofMinutes(5), null);

    private RedisServer master;
    private RedisServer replica;
    private RedisServer sentinel;
    private RedisEngine node;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void start() throws Exception {
        master = RedisServer.start();
        replica = RedisServer.replicaOf(master);
        sentinel = RedisServer.sentinel(master, "herald");
        Poll.until(Duration.ofSeconds(10), "replica in sync", () -> info(master, "connected_slaves:1"));
        node = RedisEngine.start(RedisSettings.local("redis-sentinel://127.0.0.1:" + sentinel.port() + "#herald", "s:"));
        node.broker().start(listener);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node, sentinel, replica, master}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aSentinelUrlFindsTheMaster() throws Exception {
        node.broker().subscribe("ch");
        node.broker().publish("ch", Payload.json("1"), null, HISTORY);
        assertEquals(1, listener.nextPublication().offset());
        assertEquals("1", master.command("EXISTS", "s:{ch}:meta"));
    }

    @Test
    void afterAFailoverTheNodeFollowsThePromotedReplicaAndReportsTheGap() throws Exception {
        node.broker().subscribe("ch");
        StreamPosition first = node.broker().publish("ch", Payload.json("1"), null, HISTORY);
        Poll.until(Duration.ofSeconds(5), "replicated", () -> {
            try {
                return "1".equals(replica.command("EXISTS", "s:{ch}:meta"));
            } catch (Exception e) {
                return false;
            }
        });
        master.kill();
        Poll.until(Duration.ofSeconds(30), "replica promoted", () -> info(replica, "role:master"));
        Poll.until(Duration.ofSeconds(30), "gap reported after the failover", () -> listener.gaps.get() >= 1);
        Poll.until(Duration.ofSeconds(10), "ready on the new master", () -> node.broker().isReady());
        listener.nextPublication(); // the first one, delivered before the failover
        StreamPosition second = node.broker().publish("ch", Payload.json("2"), null, HISTORY);
        assertEquals(first.epoch(), second.epoch(), "replicated stream: same epoch");
        assertEquals(2, second.offset());
        assertEquals(2, listener.nextPublication().offset(), "subscribed again on the new master");
        assertTrue(info(replica, "role:master"));
    }

    private static boolean info(RedisServer redis, String line) {
        try {
            return redis.command("INFO", "replication").contains(line);
        } catch (Exception e) {
            return false;
        }
    }
}
