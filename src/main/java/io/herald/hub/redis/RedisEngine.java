package io.herald.hub.redis;

/**
 * The Redis engine of one node: a {@link RedisBroker} (with its {@link RedisHistoryStore}) and a
 * {@link RedisPresenceStore} over the same shard connections. The connections close when both the
 * broker and the presence store are closed (the hub closes both).
 */
public final class RedisEngine implements AutoCloseable {
    private final RedisBroker broker;
    private final RedisPresenceStore presence;

    private RedisEngine(RedisBroker broker, RedisPresenceStore presence) {
        this.broker = broker;
        this.presence = presence;
    }

    /**
     * Connects to every shard, each bounded by the connect timeout. A shard that cannot be reached yet
     * does not fail the start: it is retried in the background and the broker is not ready meanwhile.
     *
     * @throws IllegalArgumentException when a shard URL is malformed or listed twice
     */
    public static RedisEngine start(RedisSettings settings) {
        RedisShards shards = new RedisShards(settings);
        RedisBroker broker = new RedisBroker(shards, new RedisHistoryStore(shards));
        shards.retain();
        RedisPresenceStore presence = new RedisPresenceStore(shards);
        shards.retain();
        shards.start(broker.shardListener());
        return new RedisEngine(broker, presence);
    }

    public RedisBroker broker() {
        return broker;
    }

    public RedisHistoryStore history() {
        return (RedisHistoryStore) broker.history();
    }

    public RedisPresenceStore presence() {
        return presence;
    }

    /** Closes the broker and the presence store. Idempotent. */
    @Override
    public void close() {
        broker.close();
        presence.close();
    }
}
