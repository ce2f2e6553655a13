package io.herald.hooks;

import io.herald.config.HeraldConfig;
import io.herald.hooks.occupancy.InMemoryOccupancy;
import io.herald.hooks.occupancy.Occupancy;
import io.herald.hooks.occupancy.RedisOccupancy;
import io.herald.hooks.proxy.ProxyConfig;
import io.herald.hooks.proxy.ProxyEngine;
import io.herald.hooks.webhook.WebhookEngine;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.time.Duration;

/**
 * Wires backend hooks into a hub from the config: the webhook engine and, for the cluster-wide events,
 * an occupancy store that matches the broker (in memory for one node, Redis for a cluster), and the
 * proxy that lets the backend decide connects, subscribes, publishes and rpc calls.
 */
public final class Hooks {
    private Hooks() {
    }

    /**
     * Attaches the configured proxy and webhooks to the hub.
     *
     * @return the webhook listener, or null when no webhook target is configured
     */
    public static LifecycleHooks attach(Hub hub, HeraldConfig config) {
        HooksConfig hooks = HooksConfig.from(config.tree());
        ProxyConfig proxy = ProxyConfig.from(config.tree().getJsonObject("hooks"));
        if (proxy.enabled()) {
            hub.addListener(new ProxyEngine(proxy, hub));
        }
        if (hooks.webhooks().isEmpty()) {
            return null;
        }
        String node = hooks.node().isEmpty() ? hub.nodeId() : hooks.node();
        JsonObject tree = config.tree();
        Occupancy occupancy;
        Duration ttl = Duration.ofSeconds(30);
        if ("redis".equals(tree.getString("broker", "memory"))) {
            JsonObject redis = tree.getJsonObject("redis");
            ttl = Duration.ofSeconds(redis.getJsonNumber("presenceTtlSeconds").longValue());
            occupancy = new RedisOccupancy(((JsonString) redis.getJsonArray("shards").get(0)).getString(),
                    redis.getString("password"), redis.getString("keyPrefix"),
                    Duration.ofMillis(redis.getJsonNumber("commandTimeoutMillis").longValue()), ttl);
        } else {
            occupancy = new InMemoryOccupancy();
        }
        LifecycleHooks listener = new LifecycleHooks(new WebhookEngine(hooks.webhooks(), node), occupancy,
                channel -> membersTracked(hub, channel), hooks.leaveDelay(), ttl.dividedBy(6), hooks.flush());
        hub.addListener(listener);
        return listener;
    }

    private static boolean membersTracked(Hub hub, String channel) {
        try {
            return hub.namespaceOf(channel).presence();
        } catch (HubException e) {
            return false;
        }
    }
}
