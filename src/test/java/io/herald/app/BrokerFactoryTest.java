package io.herald.app;

import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;
import io.herald.hub.memory.InMemoryBroker;
import io.herald.hub.redis.RedisBroker;
import io.herald.hub.redis.RedisSettings;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("integration")
class BrokerFactoryTest {

    private static HeraldConfig config(String json, Map<String, String> env) {
        return ConfigLoader.load(new StringReader(json), "test", env);
    }

    @Test
    void theDefaultIsTheZeroSetupMemoryEngine() {
        BrokerFactory.Engine engine = BrokerFactory.create(ConfigLoader.load(Map.of()).engine());
        assertInstanceOf(InMemoryBroker.class, engine.broker());
        engine.broker().close();
    }

    @Test
    void environmentSelectsRedisAndItsShards() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            HeraldConfig config = ConfigLoader.load(Map.of("HERALD_BROKER", "redis",
                    "HERALD_REDIS_SHARDS", redis.url(), "HERALD_REDIS_KEY_PREFIX", "env:"));
            BrokerFactory.Engine engine = BrokerFactory.create(config.engine());
            try {
                assertInstanceOf(RedisBroker.class, engine.broker());
                // the engine connects in the background; on a busy machine that takes a moment
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
                while (!engine.broker().isReady() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(engine.broker().isReady(), "ready within 10 s");
            } finally {
                engine.broker().close();
                engine.presence().close();
            }
        }
    }

    @Test
    void theRedisSectionIsReadWithItsDefaults() {
        RedisSettings s = config("""
                {"broker": "redis",
                 "redis": {"shards": ["redis://a:6379", "rediss://b:6380"], "password": "secret",
                           "presenceTtlSeconds": 9, "tls": {"verifyPeer": false}}}
                """, Map.of()).engine().redis().orElseThrow();
        assertEquals(List.of("redis://a:6379", "rediss://b:6380"), s.shards());
        assertEquals("secret", s.password());
        assertEquals("herald:", s.keyPrefix());
        assertEquals(Duration.ofSeconds(9), s.presenceTtl());
        assertEquals(Duration.ofSeconds(1), s.commandTimeout());
        assertFalse(s.tlsVerifyPeer());
    }

    @Test
    void anUnknownBrokerIsRefusedNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("{\"broker\": \"kafka\"}", Map.of()));
        assertTrue(e.getMessage().contains("'broker'"), e.getMessage());
    }

    @Test
    void badRedisSettingsAreRefusedNamingTheKey() {
        assertMessage("redis.commandTimeoutMillis", "{\"broker\": \"redis\", \"redis\": {\"commandTimeoutMillis\": 0}}");
        assertMessage("redis.shards", "{\"broker\": \"redis\", \"redis\": {\"shards\": []}}");
        assertMessage("redis.shards[0]", "{\"broker\": \"redis\", \"redis\": {\"shards\": [\"http://x\"]}}");
        assertMessage("same Redis twice",
                "{\"broker\": \"redis\", \"redis\": {\"shards\": [\"redis://h:1\", \"redis://:pw@h:1\"]}}");
    }

    @Test
    void aMemoryNodeIgnoresTheRedisSection() {
        assertTrue(config("{\"redis\": {\"shards\": []}}", Map.of()).engine().redis().isEmpty());
    }

    @Test
    void anUnknownRedisKeyIsRefusedByTheLoader() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("{\"redis\": {\"url\": \"x\"}}", Map.of()));
        assertTrue(e.getMessage().contains("redis.url"), e.getMessage());
    }

    private static void assertMessage(String expected, String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> {
            BrokerFactory.create(config(json, Map.of()).engine()); // the loader refuses most before any connection
        });
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
