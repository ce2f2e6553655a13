package io.herald.hooks.occupancy;

import io.herald.hub.ClientInfo;
import io.herald.hub.DaemonThreads;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Occupancy shared by every node over one Redis: each transition is decided by a Lua script, which Redis
 * runs atomically, so of two nodes seeing "last subscriber left" at once only one confirm succeeds.
 *
 * <p>Keys (prefix + {@code hooks:}): {@code conns} (sorted set: connection id by expiry, Redis clock),
 * {@code conn:<id>} (hash: user, name), {@code connch:<id>} (its channels), {@code ch:<channel>} (hash:
 * connection id to user), {@code chu:<channel>} (hash: user to connection count), {@code occ:<channel>}
 * (occupied was reported) and {@code mem:<channel>} (members reported). This node refreshes the expiry of
 * its own connections every third of the TTL, to two thirds of the TTL ahead; a dead node's connections
 * expire within two thirds of the TTL and a survivor's sweep claims them.
 */
public final class RedisOccupancy implements Occupancy {
    private static final System.Logger LOG = System.getLogger(RedisOccupancy.class.getName());

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection; // guarded by this; null until connected
    private final String prefix;
    private final long entryTtlMillis;
    private final Set<String> local = ConcurrentHashMap.newKeySet();
    private final DaemonThreads threads = DaemonThreads.named("herald-hooks-refresh");
    private final ScheduledExecutorService refresher;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param url       the Redis holding hook state (a cluster's first shard)
     * @param password  used when the URL carries none; "" for none
     * @param keyPrefix the cluster's key prefix
     * @param ttl       the presence TTL: a dead node's connections are swept within it
     */
    public RedisOccupancy(String url, String password, String keyPrefix, Duration commandTimeout, Duration ttl) {
        RedisURI uri = RedisURI.create(url);
        if (!password.isEmpty() && uri.getCredentialsProvider() == null) {
            uri.setCredentialsProvider(new StaticCredentialsProvider(null, password.toCharArray()));
        }
        uri.setTimeout(commandTimeout);
        this.client = RedisClient.create(uri);
        this.prefix = keyPrefix + "hooks:";
        this.entryTtlMillis = Math.max(200, ttl.toMillis() * 2 / 3);
        this.refresher = Executors.newSingleThreadScheduledExecutor(threads);
        long every = Math.max(50, ttl.toMillis() / 3);
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        try {
            redis();
        } catch (RuntimeException e) {
            // like the broker, a node starts while Redis is away; hook state calls fail until it is back
            LOG.log(System.Logger.Level.WARNING, "hook state Redis unreachable, retrying on use: {0}", e.toString());
        }
    }

    /** The connection, made on first use (and again after a failed first connect); lettuce reconnects it. */
    private synchronized RedisCommands<String, String> redis() {
        if (closed.get()) {
            throw new IllegalStateException("closed");
        }
        if (connection == null) {
            connection = client.connect();
        }
        return connection.sync();
    }

    @Override
    public void connected(ClientInfo info) {
        local.add(info.client());
        eval(OccupancyScripts.CONNECT, info.client(), Long.toString(entryTtlMillis), info.user(), info.name());
    }

    @Override
    public void disconnected(String clientId) {
        local.remove(clientId);
        eval(OccupancyScripts.DISCONNECT, clientId);
    }

    @Override
    public Joined subscribed(String channel, ClientInfo info) {
        List<Object> r = eval(OccupancyScripts.SUBSCRIBE, channel, info.client(), info.user());
        return new Joined(asLong(r.get(0)) == 1, asLong(r.get(1)) == 1);
    }

    @Override
    public Left unsubscribed(String channel, String clientId) {
        return left(eval(OccupancyScripts.UNSUBSCRIBE, channel, clientId));
    }

    private static Left left(List<Object> r) {
        return new Left(asLong(r.get(0)) == 1, asLong(r.get(1)) == 1, (String) r.get(2));
    }

    @Override
    public boolean confirmVacated(String channel) {
        return asLong(eval(OccupancyScripts.CONFIRM_VACATED, channel).get(0)) == 1;
    }

    @Override
    public boolean confirmMemberRemoved(String channel, String user) {
        return asLong(eval(OccupancyScripts.CONFIRM_MEMBER_REMOVED, channel, user).get(0)) == 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Lost> sweep() {
        List<Lost> lost = new ArrayList<>();
        for (Object entry : eval(OccupancyScripts.SWEEP, "100")) {
            List<Object> e = (List<Object>) entry;
            ClientInfo info = new ClientInfo((String) e.get(0), (String) e.get(1), (String) e.get(2));
            List<LostSubscription> subs = new ArrayList<>();
            for (Object s : (List<Object>) e.get(3)) {
                List<Object> sub = (List<Object>) s;
                subs.add(new LostSubscription((String) sub.get(0), left(sub.subList(1, 4))));
            }
            lost.add(new Lost(info, subs));
        }
        return lost;
    }

    @Override
    public boolean clustered() {
        return true;
    }

    /** Pushes this node's connections' expiry ahead; a failed round is repeated on the next tick. */
    void refresh() {
        if (local.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(local);
        try {
            for (int i = 0; i < ids.size(); i += 500) {
                List<String> args = new ArrayList<>();
                args.add(Long.toString(entryTtlMillis));
                args.addAll(ids.subList(i, Math.min(ids.size(), i + 500)));
                eval(OccupancyScripts.REFRESH, args.toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "hook state refresh failed: {0}", e.toString());
        }
    }

    private List<Object> eval(String script, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = prefix;
        System.arraycopy(args, 0, all, 1, args.length);
        List<Object> result = redis().eval(script, ScriptOutputType.MULTI, new String[0], all);
        return result == null ? List.of() : result;
    }

    private static long asLong(Object o) {
        return o instanceof Long l ? l : Long.parseLong(String.valueOf(o));
    }

    /**
     * Stops refreshing and removes this node's connections (a graceful stop already disconnected them; this
     * catches the rest), then closes the connection. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        threads.stop(refresher, Duration.ofSeconds(2));
        try {
            synchronized (this) {
                if (connection != null) {
                    connection.close();
                }
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
