package io.herald.bootstrap;

import io.herald.config.ConfigException;
import io.herald.config.HeraldConfig;
import io.herald.hub.Broker;
import io.herald.hub.PresenceStore;
import io.herald.hub.memory.InMemoryBroker;
import io.herald.hub.memory.InMemoryPresenceStore;
import io.herald.hub.redis.RedisEngine;
import io.herald.hub.redis.RedisSettings;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the engine named by {@code broker}: {@code memory} (one node, zero setup) or {@code redis}
 * (a cluster of nodes sharing the Redis shards of the {@code redis} section).
 */
public final class BrokerFactory {

    /** The broker and presence store of one hub. */
    public record Engine(Broker broker, PresenceStore presence) {
    }

    private BrokerFactory() {
    }

    public static Engine create(HeraldConfig config) {
        JsonObject tree = config.tree();
        String kind = tree.getString("broker", "memory");
        return switch (kind) {
            case "memory" -> new Engine(new InMemoryBroker(), new InMemoryPresenceStore());
            case "redis" -> {
                try {
                    RedisEngine redis = RedisEngine.start(redisSettings(tree.getJsonObject("redis")));
                    yield new Engine(redis.broker(), redis.presence());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("config key 'redis': " + e.getMessage(), e);
                }
            }
            default -> throw new ConfigException("config key 'broker' must be \"memory\" or \"redis\", got '" + kind + "'");
        };
    }

    /** Reads and checks the {@code redis} section (its shape was already checked against the defaults). */
    static RedisSettings redisSettings(JsonObject redis) {
        JsonArray array = redis.getJsonArray("shards");
        List<String> shards = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString s) || s.getString().isBlank()) {
                throw new ConfigException("config key 'redis.shards[" + i + "]' must be a Redis URL string");
            }
            shards.add(s.getString().trim());
        }
        if (shards.isEmpty()) {
            throw new ConfigException("config key 'redis.shards' must list at least one Redis URL");
        }
        JsonObject tls = redis.getJsonObject("tls");
        return new RedisSettings(shards, redis.getString("password"), redis.getString("keyPrefix"),
                Duration.ofMillis(number(redis, "connectTimeoutMillis", 10, 60_000)),
                Duration.ofMillis(number(redis, "commandTimeoutMillis", 10, 60_000)),
                Duration.ofSeconds(number(redis, "presenceTtlSeconds", 1, 86_400)),
                Duration.ofSeconds(number(redis, "historyMetaTtlSeconds", 1, 365L * 86_400)),
                Duration.ofSeconds(number(redis, "idempotencyWindowSeconds", 1, 86_400)),
                tls.getBoolean("verifyPeer"), tls.getString("caFile"));
    }

    private static long number(JsonObject redis, String key, long min, long max) {
        JsonValue v = redis.get(key);
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < min || n.longValue() > max) {
            throw new ConfigException("config key 'redis." + key + "' must be an integer between " + min
                    + " and " + max + ", got " + v);
        }
        return n.longValue();
    }
}
