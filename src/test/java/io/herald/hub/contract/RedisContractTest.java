package io.herald.hub.contract;

import io.herald.hub.HistoryStore;
import io.herald.hub.PresenceStore;
import io.herald.hub.redis.RedisEngine;
import io.herald.hub.redis.RedisSettings;
import io.herald.testing.Fixtures;
import io.herald.testing.RedisServer;
import io.herald.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SPI contracts against the Redis engine, on a real redis-server started for this class. */
@Tag("integration")
class RedisContractTest {
    private static RedisServer redis;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> redis = RedisServer.start());

    /** Each test gets its own key prefix, so tests never see each other's keys. */
    static RedisEngine engine() {
        return RedisEngine.start(RedisSettings.local(redis.url(), "t" + UUID.randomUUID().toString().substring(0, 8) + ":"));
    }

    @Nested
    class Broker extends BrokerContract {
        private RedisEngine engine;

        @Override
        protected io.herald.hub.Broker newBroker() {
            engine = engine();
            return engine.broker();
        }

        @Override
        protected Duration quietPeriod() {
            return Duration.ofMillis(500);
        }

        @AfterEach
        void closeEngine() {
            engine.close();
        }
    }

    @Nested
    class History extends HistoryStoreContract {
        private final RedisEngine engine = engine();

        @Override
        protected HistoryStore store() {
            return engine.history();
        }

        @AfterEach
        void closeEngine() {
            engine.close();
        }
    }

    @Nested
    class Presence extends PresenceStoreContract {
        /** Short, so expiry is testable; nodes refresh every third of it. */
        private static final Duration TTL = Duration.ofMillis(900);
        private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
        private final RedisEngine engine = RedisEngine.start(RedisSettings.local(redis.url(), prefix).withPresenceTtl(TTL));
        /** Closed after the test, engines before their proxies. */
        private final List<AutoCloseable> others = new ArrayList<>();
        private final Map<PresenceStore, TcpProxy> paths = new HashMap<>();

        @Override
        protected PresenceStore store() {
            return engine.presence();
        }

        /** Another node, reaching the same Redis through a proxy that {@link #kill} cuts. */
        @Override
        protected PresenceStore otherNode() {
            try {
                TcpProxy path = new TcpProxy(redis.port());
                RedisEngine other = RedisEngine.start(RedisSettings.local(path.redisUrl(), prefix).withPresenceTtl(TTL));
                others.add(path);
                others.add(0, other);
                paths.put(other.presence(), path);
                return other.presence();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected void kill(PresenceStore other) throws Exception {
            paths.get(other).cut();
        }

        @Override
        protected Duration expiry() {
            return TTL;
        }

        @AfterEach
        void closeEngine() throws Exception {
            engine.close();
            for (AutoCloseable c : others) {
                c.close();
            }
        }
    }
}
