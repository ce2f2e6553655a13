package io.herald.hub.redis;

import io.herald.hub.Broker;
import io.herald.hub.BrokerListener;
import io.herald.hub.ClientInfo;
import io.herald.hub.HistoryStore;
import io.herald.hub.HubException;
import io.herald.hub.Payload;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fans publications out between nodes over Redis pub/sub. Each Herald channel has one Redis pub/sub
 * channel on the shard that owns it; a node subscribes to it only while it has local subscribers
 * (the hub's channel registry drives {@link #subscribe}/{@link #unsubscribe}).
 *
 * <p>A publication is appended to history and PUBLISHed by one Lua script, so all nodes see a
 * channel's publications in offset order, and none is delivered that history does not hold. Every
 * node, the publishing one included, delivers only what arrives from Redis.
 *
 * <p>Join and leave events are best-effort notifications: they are sent without waiting and are
 * dropped while Redis is unreachable (presence, which is stored, stays the source of truth).
 */
public final class RedisBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

    private final RedisShards shards;
    private final RedisHistoryStore history;
    private final RedisKeys keys;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile BrokerListener listener;

    RedisBroker(RedisShards shards, RedisHistoryStore history) {
        this.shards = shards;
        this.history = history;
        this.keys = shards.keys();
    }

    /** Decodes what the shards receive and hands it to this node's listener. */
    RedisShard.Listener shardListener() {
        return new RedisShard.Listener() {
            @Override
            public void message(String pubsubChannel, byte[] message) {
                BrokerListener l = listener;
                String channel = keys.channelOf(pubsubChannel);
                if (l == null || channel == null || message.length == 0) {
                    return;
                }
                switch (message[0]) {
                    case RedisWire.PUBLICATION -> l.onPublication(RedisWire.entry(channel, message, 1));
                    case RedisWire.JOIN -> l.onJoin(channel, RedisWire.readInfo(message, 1));
                    case RedisWire.LEAVE -> l.onLeave(channel, RedisWire.readInfo(message, 1));
                    default -> LOG.log(System.Logger.Level.WARNING, "unknown message type {0} on {1}",
                            message[0], pubsubChannel);
                }
            }

            @Override
            public void gap() {
                BrokerListener l = listener;
                if (l != null) {
                    l.onDeliveryGap();
                }
            }
        };
    }

    @Override
    public void start(BrokerListener brokerListener) {
        this.listener = brokerListener;
    }

    @Override
    public StreamPosition publish(String channel, Payload payload, ClientInfo info, PublishOptions options) {
        byte[] body = RedisWire.body(payload, info, System.currentTimeMillis());
        return history.write(channel, body, options, true);
    }

    @Override
    public void publishJoin(String channel, ClientInfo info) {
        event(channel, RedisWire.event(RedisWire.JOIN, info));
    }

    @Override
    public void publishLeave(String channel, ClientInfo info) {
        event(channel, RedisWire.event(RedisWire.LEAVE, info));
    }

    private void event(String channel, byte[] message) {
        try {
            shards.shardOf(channel).commands().publish(keys.pubsub(channel), message);
        } catch (HubException e) {
            LOG.log(System.Logger.Level.DEBUG, "join/leave on {0} dropped: {1}", channel, e.getMessage());
        }
    }

    @Override
    public void subscribe(String channel) {
        shards.shardOf(channel).subscribe(keys.pubsub(channel));
    }

    @Override
    public void unsubscribe(String channel) {
        shards.shardOf(channel).unsubscribe(keys.pubsub(channel));
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public boolean isReady() {
        return shards.isReady();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener = null;
        shards.release();
    }
}
