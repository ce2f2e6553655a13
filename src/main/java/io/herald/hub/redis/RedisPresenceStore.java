package io.herald.hub.redis;

import io.herald.hub.ClientInfo;
import io.herald.hub.DaemonThreads;
import io.herald.hub.HubException;
import io.herald.hub.PresenceStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Presence in Redis, per channel a hash of client entries whose expiry times sit in a sorted set.
 * This node remembers the entries it added and refreshes them every third of the TTL; entries of a
 * node that died stop being refreshed and are dropped by the next read or refresh of the channel after
 * their TTL; the call that drops them (one, cluster-wide) hands them to the {@link #onExpired} listener on
 * the refresh thread.
 *
 * <p>Adds, removes and refreshes of one channel are dispatched under one lock (Redis runs commands of
 * one connection in order), so a refresh can never resurrect an entry removed just before.
 */
public final class RedisPresenceStore implements PresenceStore {
    private static final System.Logger LOG = System.getLogger(RedisPresenceStore.class.getName());
    private static final int LOCKS = 256;
    /** Entries per refresh script call: keeps one call short for Redis. */
    private static final int REFRESH_BATCH = 200;

    private final RedisShards shards;
    private final RedisKeys keys;
    private final byte[] ttlMillis;
    private final Map<String, Map<String, ClientInfo>> local = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCKS];
    private final DaemonThreads threads = DaemonThreads.named("herald-presence-refresh");
    private final ScheduledExecutorService refresher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile BiConsumer<String, ClientInfo> expired = (channel, info) -> { };

    RedisPresenceStore(RedisShards shards) {
        this.shards = shards;
        this.keys = shards.keys();
        long ttl = shards.settings().presenceTtl().toMillis();
        this.ttlMillis = Long.toString(ttl).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
        this.refresher = Executors.newSingleThreadScheduledExecutor(threads);
        long every = Math.max(100, ttl / 3);
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void add(String channel, ClientInfo info) {
        RedisShard shard = shards.shardOf(channel);
        try {
            CompletableFuture<Object> pending;
            synchronized (lockFor(channel)) {
                local.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(info.client(), info);
                pending = dispatch(shard, RedisScript.PRESENCE_ADD, channel, ttlMillis,
                        info.client().getBytes(StandardCharsets.UTF_8), RedisWire.info(info));
            }
            reportDropped(channel, shard.await(pending, "presence add"));
        } catch (HubException e) {
            forget(channel, info.client()); // not present: the subscribe fails, so nobody refreshes it
            throw e;
        }
    }

    @Override
    public void remove(String channel, String clientId) {
        RedisShard shard = shards.shardOf(channel);
        CompletableFuture<Object> pending;
        synchronized (lockFor(channel)) {
            forget(channel, clientId);
            // unreachable Redis: the entry is no longer refreshed, so it expires on its own
            pending = dispatch(shard, RedisScript.PRESENCE_REMOVE, channel, clientId.getBytes(StandardCharsets.UTF_8));
        }
        shard.await(pending, "presence remove");
    }

    @Override
    public Map<String, ClientInfo> get(String channel) {
        List<Object> reply = shards.shardOf(channel).eval(RedisScript.PRESENCE_GET,
                new String[] {keys.presence(channel), keys.presenceExpiry(channel)});
        Map<String, ClientInfo> result = new HashMap<>();
        for (ClientInfo info : entries(reply.get(0))) {
            result.put(info.client(), info);
        }
        reportDropped(channel, reply.get(1));
        return Map.copyOf(result);
    }

    @Override
    public void onExpired(BiConsumer<String, ClientInfo> listener) {
        this.expired = listener;
    }

    /** Hands the entries a script dropped as expired to the listener, on the refresh thread. */
    private void reportDropped(String channel, Object flat) {
        List<ClientInfo> dropped = entries(flat);
        if (dropped.isEmpty()) {
            return;
        }
        Runnable report = () -> dropped.forEach(info -> {
            try {
                expired.accept(channel, info);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "expired presence entry not reported: {0}", e.toString());
            }
        });
        try {
            refresher.execute(report);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nobody is left to tell
        }
    }

    /** A flat id/info list of a script's reply, as entries. */
    private static List<ClientInfo> entries(Object flat) {
        if (!(flat instanceof List<?> list) || list.isEmpty()) {
            return List.of();
        }
        List<ClientInfo> out = new ArrayList<>(list.size() / 2);
        for (int i = 0; i + 1 < list.size(); i += 2) {
            out.add(RedisWire.readInfo((byte[]) list.get(i + 1), 0));
        }
        return out;
    }

    private void forget(String channel, String clientId) {
        local.computeIfPresent(channel, (c, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
    }

    private CompletableFuture<Object> dispatch(RedisShard shard, RedisScript script, String channel, byte[]... args) {
        return shard.evalAsync(script, new String[] {keys.presence(channel), keys.presenceExpiry(channel)}, args);
    }

    /** Re-adds every local entry with a fresh expiry; one round of async scripts, then a bounded wait. */
    void refresh() {
        List<CompletableFuture<Object>> sent = new ArrayList<>();
        List<RedisShard> owners = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        for (String channel : List.copyOf(local.keySet())) {
            RedisShard shard = shards.shardOf(channel);
            try {
                synchronized (lockFor(channel)) {
                    List<ClientInfo> entries = new ArrayList<>(local.getOrDefault(channel, Map.of()).values());
                    for (int i = 0; i < entries.size(); i += REFRESH_BATCH) {
                        List<byte[]> args = new ArrayList<>();
                        args.add(ttlMillis);
                        for (ClientInfo info : entries.subList(i, Math.min(entries.size(), i + REFRESH_BATCH))) {
                            args.add(info.client().getBytes(StandardCharsets.UTF_8));
                            args.add(RedisWire.info(info));
                        }
                        sent.add(dispatch(shard, RedisScript.PRESENCE_ADD, channel, args.toArray(byte[][]::new)));
                        owners.add(shard);
                        channels.add(channel);
                    }
                }
            } catch (HubException e) {
                // shard unreachable: its entries are refreshed again once it is back
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                reportDropped(channels.get(i), owners.get(i).await(sent.get(i), "presence refresh"));
            } catch (HubException e) {
                LOG.log(System.Logger.Level.DEBUG, "presence refresh failed: {0}", e.getMessage());
            }
        }
    }

    private Object lockFor(String channel) {
        return locks[(channel.hashCode() & 0x7fffffff) % LOCKS];
    }

    /** Stops refreshing and removes this node's entries (best effort), then releases the connections. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        threads.stop(refresher, Duration.ofSeconds(2));
        for (Map.Entry<String, Map<String, ClientInfo>> e : local.entrySet()) {
            try {
                RedisShard shard = shards.shardOf(e.getKey());
                byte[][] ids = e.getValue().keySet().stream().map(id -> id.getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new);
                if (ids.length > 0) {
                    shard.await(dispatch(shard, RedisScript.PRESENCE_REMOVE, e.getKey(), ids), "presence remove");
                }
            } catch (RuntimeException ex) {
                break; // Redis is gone; the entries expire by themselves
            }
        }
        local.clear();
        shards.release();
    }
}
