package io.herald.cluster;

import io.herald.testing.HeraldNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** Config and start-up of a cluster of node JVMs sharing Redis shards. */
final class ClusterFixture {
    static final String API_KEY = "cluster-test-api-key-0123456789";

    private ClusterFixture() {
    }

    /** A node config: Redis broker on the given shards, short presence TTL so dead nodes vanish fast. */
    static String config(List<String> shardUrls, String keyPrefix) {
        String shards = shardUrls.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
        return """
                {
                  "apiKeys": ["%s"],
                  "broker": "redis",
                  "redis": {"shards": [%s], "keyPrefix": "%s", "presenceTtlSeconds": 2,
                            "commandTimeoutMillis": 1000, "connectTimeoutMillis": 1000},
                  "namespaces": {
                    "chat": {"historySize": 100, "historyTtlSeconds": 300, "presence": true, "joinLeave": true,
                             "publish": "subscribers", "recovery": true, "history": true},
                    "big": {"historySize": 10000, "historyTtlSeconds": 600, "presence": true, "joinLeave": false,
                            "publish": "server", "recovery": true, "history": true}
                  },
                  "limits": {"recoveryMaxPublications": 10000}
                }
                """.formatted(API_KEY, shards, keyPrefix);
    }

    /** Starts the nodes in parallel (JVM start-up dominates); stops those that started if one fails. */
    static List<HeraldNode> start(int count, String configJson) {
        List<CompletableFuture<HeraldNode>> starting = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = "node" + i;
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return HeraldNode.start(name, configJson, API_KEY);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        List<HeraldNode> nodes = new ArrayList<>();
        AssertionError failure = null;
        for (CompletableFuture<HeraldNode> f : starting) {
            try {
                nodes.add(f.join());
            } catch (CompletionException e) {
                failure = new AssertionError("a cluster node failed to start", e.getCause());
            }
        }
        if (failure != null) {
            stop(nodes);
            throw failure;
        }
        return nodes;
    }

    static void stop(List<HeraldNode> nodes) {
        for (HeraldNode n : nodes) {
            try {
                n.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
