package io.herald.app;

import io.herald.config.ConfigException;
import io.herald.config.EngineConfig;
import io.herald.hub.Broker;
import io.herald.hub.PresenceStore;
import io.herald.hub.memory.InMemoryBroker;
import io.herald.hub.memory.InMemoryPresenceStore;
import io.herald.hub.redis.RedisEngine;

/**
 * Starts the engine named by {@code broker}: {@code memory} (one node, zero setup) or {@code redis}
 * (a cluster of nodes sharing the Redis shards of the {@code redis} section, already checked by the config).
 */
public final class BrokerFactory {

    /** The broker and presence store of one hub. */
    public record Engine(Broker broker, PresenceStore presence) {
    }

    private BrokerFactory() {
    }

    public static Engine create(EngineConfig config) {
        return switch (config.broker()) {
            case MEMORY -> new Engine(new InMemoryBroker(), new InMemoryPresenceStore());
            case REDIS -> {
                try {
                    RedisEngine redis = RedisEngine.start(config.redis().orElseThrow());
                    yield new Engine(redis.broker(), redis.presence());
                } catch (IllegalArgumentException e) {
                    // what only the engine can tell, e.g. two URLs naming the same Redis
                    throw ConfigException.invalid("redis.shards", "refused by the Redis engine (" + e.getMessage()
                            + ")", "distinct redis://, rediss:// or redis-sentinel:// URLs", e);
                }
            }
        };
    }
}
