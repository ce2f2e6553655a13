package io.herald.hub.contract;

import io.herald.hub.HistoryStore;
import io.herald.hub.PresenceStore;
import io.herald.hub.redis.RedisEngine;
import io.herald.hub.redis.RedisSettings;
import io.herald.testing.Fixtures;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
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
        private final RedisEngine engine = engine();

        @Override
        protected PresenceStore store() {
            return engine.presence();
        }

        @AfterEach
        void closeEngine() {
            engine.close();
        }
    }
}
