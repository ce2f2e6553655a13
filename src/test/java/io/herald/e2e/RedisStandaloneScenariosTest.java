package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.util.Map;

/** The whole scenario suite against a standalone node on the Redis engine (a real redis-server). */
@Tag("integration")
class RedisStandaloneScenariosTest extends HeraldScenarios {
    private static RedisServer redis;
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        server = StandaloneTargets.start(Map.of("HERALD_BROKER", "redis", "HERALD_REDIS_SHARDS", redis.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        redis.close();
    }

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone-redis");
    }
}
