package io.herald.cluster;

import io.herald.testing.HeraldNode;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.util.List;

/** Three Herald JVMs on one Redis. */
@Tag("integration")
class OneRedisClusterTest extends ClusterScenarios {
    private static RedisServer redis;
    private static List<HeraldNode> nodes;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        nodes = ClusterFixture.start(3, ClusterFixture.config(List.of(redis.url()), "one:"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodes != null) {
            ClusterFixture.stop(nodes);
        }
        redis.close();
    }

    @Override
    protected List<HeraldNode> nodes() {
        return nodes;
    }
}
