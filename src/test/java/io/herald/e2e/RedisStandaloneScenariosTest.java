package io.herald.e2e;

import io.herald.config.ConfigLoader;
import io.herald.standalone.StandaloneServer;
import io.herald.standalone.TestServers;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The whole scenario suite against a standalone node on the Redis engine (a real redis-server). */
class RedisStandaloneScenariosTest extends HeraldScenarios {
    private static RedisServer redis;
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        try (var in = new InputStreamReader(RedisStandaloneScenariosTest.class.getResourceAsStream("/e2e-config.json"),
                StandardCharsets.UTF_8)) {
            server = TestServers.start(ConfigLoader.load(in, "e2e-config.json", Map.of(
                    "HERALD_SERVER_HOST", "127.0.0.1", "HERALD_SERVER_PORT", "0",
                    "HERALD_BROKER", "redis", "HERALD_REDIS_SHARDS", redis.url())));
        }
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
        return new HeraldTarget() {
            @Override
            public URI wsUri() {
                return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            }

            @Override
            public URI httpUri(String path) {
                return URI.create("http://127.0.0.1:" + server.port() + path);
            }

            @Override
            public String name() {
                return "standalone-redis";
            }
        };
    }
}
