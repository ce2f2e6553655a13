package io.herald.config;

import io.herald.hub.redis.RedisSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine ({@code broker}) and, for {@code redis}, its settings ({@code redis.*}).
 *
 * @param broker which engine runs the hub
 * @param redis  the checked {@code redis} section; present only when {@code broker} is {@code redis}
 *               (a memory node never reads the section, so its values cannot stop it)
 */
public record EngineConfig(Broker broker, Optional<RedisSettings> redis) {

    /** The engines. */
    public enum Broker {
        /** One node, zero setup. */
        MEMORY,
        /** A cluster of nodes sharing the Redis shards of the {@code redis} section. */
        REDIS
    }

    static EngineConfig from(ConfigNode root) {
        Broker broker = root.choice("broker", Broker.class);
        return new EngineConfig(broker,
                broker == Broker.REDIS ? Optional.of(redis(root.node("redis"))) : Optional.empty());
    }

    static RedisSettings redis(ConfigNode redis) {
        List<String> shards = new ArrayList<>();
        for (String url : redis.strings("shards", 0)) {
            if (url.isBlank()) {
                throw ConfigException.invalid(redis.path("shards") + "[" + shards.size() + "]", "\"\"", "a Redis URL");
            }
            shards.add(url.trim());
        }
        if (shards.isEmpty()) {
            throw ConfigException.invalid(redis.path("shards"), "[]", "a list of at least one Redis URL");
        }
        ConfigNode tls = redis.node("tls");
        return new RedisSettings(shards, redis.string("password"), redis.string("keyPrefix"),
                redis.millis("connectTimeoutMillis", 10, 60_000),
                redis.millis("commandTimeoutMillis", 10, 60_000),
                redis.seconds("presenceTtlSeconds", 1, 86_400),
                redis.seconds("historyMetaTtlSeconds", 1, 365L * 86_400),
                redis.seconds("idempotencyWindowSeconds", 1, 86_400),
                tls.bool("verifyPeer"), tls.string("caFile"));
    }
}
