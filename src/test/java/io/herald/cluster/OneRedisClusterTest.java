package io.herald.cluster;

import io.herald.testing.Fixtures;
import io.herald.testing.HeraldNode;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

/** Three Herald JVMs on one Redis. */
@Tag("integration")
class OneRedisClusterTest extends ClusterScenarios {
    private static RedisServer redis;
    private static List<HeraldNode> nodes;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> redis = RedisServer.start(),
            () -> {
                nodes = ClusterFixture.start(3, ClusterFixture.config(List.of(redis.url()), "one:"));
                return () -> ClusterFixture.stop(nodes);
            });

    @Override
    protected List<HeraldNode> nodes() {
        return nodes;
    }
}
