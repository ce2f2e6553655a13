package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import io.herald.testing.Fixtures;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** The whole scenario suite against a standalone node on the Redis engine (a real redis-server). */
@Tag("integration")
class RedisStandaloneScenariosTest extends HeraldScenarios {
    private static RedisServer redis;
    private static StandaloneServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> redis = RedisServer.start(),
            () -> server = StandaloneTargets.start(Map.of("HERALD_BROKER", "redis", "HERALD_REDIS_SHARDS", redis.url())));

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone-redis");
    }
}
