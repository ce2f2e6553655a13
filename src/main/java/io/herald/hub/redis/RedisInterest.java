package io.herald.hub.redis;

import io.herald.hub.HubException;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which pub/sub channels one shard's node wants, and which it may still hold at Redis without wanting
 * them (an UNSUBSCRIBE that may not have arrived). {@link #resubscribe} makes Redis match after a
 * reconnect. Thread-safe.
 */
final class RedisInterest {
    /** Redis handles big SUBSCRIBE commands well; this keeps one resubscribe command a few KB. */
    private static final int SUBSCRIBE_BATCH = 512;

    private final String shard;
    private final Duration timeout;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** Channels whose UNSUBSCRIBE may not have reached Redis; dropped at the next resync. */
    private final Set<String> stale = ConcurrentHashMap.newKeySet();

    RedisInterest(String shard, Duration timeout) {
        this.shard = shard;
        this.timeout = timeout;
    }

    /** Subscribes and waits until Redis confirms. @throws HubException {@code unavailable} */
    void subscribe(RedisPubSubAsyncCommands<String, byte[]> pubsub, String channel) {
        wanted.add(channel);
        stale.remove(channel);
        try {
            RedisCalls.await(pubsub.subscribe(channel), timeout, shard, "SUBSCRIBE");
        } catch (HubException e) {
            wanted.remove(channel);
            stale.add(channel); // it may have reached Redis after all
            throw e;
        }
    }

    /** Unsubscribes without waiting; with no connection (null) or a failure, the next resync does it. */
    void unsubscribe(RedisPubSubAsyncCommands<String, byte[]> pubsub, String channel) {
        wanted.remove(channel);
        if (pubsub == null) {
            stale.add(channel);
            return;
        }
        pubsub.unsubscribe(channel).exceptionally(e -> {
            if (!wanted.contains(channel)) {
                stale.add(channel);
            }
            return null;
        });
    }

    /**
     * Subscribes again to everything wanted and drops stale subscriptions, waiting for each.
     *
     * @return how many channels are wanted
     * @throws HubException {@code unavailable} when Redis did not confirm; call again later
     */
    int resubscribe(RedisPubSubAsyncCommands<String, byte[]> pubsub) {
        List<String> all = new ArrayList<>(wanted);
        for (int i = 0; i < all.size(); i += SUBSCRIBE_BATCH) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + SUBSCRIBE_BATCH));
            RedisCalls.await(pubsub.subscribe(batch.toArray(String[]::new)), timeout, shard, "SUBSCRIBE");
        }
        List<String> drop = new ArrayList<>(stale);
        drop.removeAll(wanted);
        if (!drop.isEmpty()) {
            RedisCalls.await(pubsub.unsubscribe(drop.toArray(String[]::new)), timeout, shard, "UNSUBSCRIBE");
            stale.removeAll(drop);
        }
        return wanted.size();
    }
}
