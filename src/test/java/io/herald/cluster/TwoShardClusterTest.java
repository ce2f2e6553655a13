package io.herald.cluster;

import io.herald.testing.Fixtures;
import io.herald.testing.HeraldNode;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three Herald JVMs sharing two Redis shards: the same scenarios, plus checks of the split. */
@Tag("integration")
class TwoShardClusterTest extends ClusterScenarios {
    private static RedisServer shardA;
    private static RedisServer shardB;
    private static List<HeraldNode> nodes;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> shardA = RedisServer.start(),
            () -> shardB = RedisServer.start(),
            () -> {
                nodes = ClusterFixture.start(3, ClusterFixture.config(List.of(shardA.url(), shardB.url()), "two:"));
                return () -> ClusterFixture.stop(nodes);
            });

    @Override
    protected List<HeraldNode> nodes() {
        return nodes;
    }

    @Test
    void channelsAreSplitOverBothShardsAndEachChannelLivesOnOne() throws Exception {
        int onA = 0;
        int onB = 0;
        for (int i = 0; i < 40; i++) {
            String ch = unique("split-" + i + "-");
            publish(node(i % 3), ch, "1");
            boolean a = "1".equals(shardA.command("EXISTS", "two:{" + ch + "}:meta"));
            boolean b = "1".equals(shardB.command("EXISTS", "two:{" + ch + "}:meta"));
            assertTrue(a ^ b, ch + " must live on exactly one shard");
            onA += a ? 1 : 0;
            onB += b ? 1 : 0;
        }
        assertTrue(onA >= 8 && onB >= 8, "40 channels split " + onA + "/" + onB);
        assertEquals(40, onA + onB);
    }
}
