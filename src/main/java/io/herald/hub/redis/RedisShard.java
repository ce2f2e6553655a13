package io.herald.hub.redis;

import io.herald.hub.DaemonThreads;
import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Redis instance (or Sentinel-managed master): a command connection, a pub/sub connection, and a
 * monitor thread that connects, watches and resynchronizes them.
 *
 * <p>Failure model. Commands are rejected at once while a connection is down
 * ({@code REJECT_COMMANDS}) and time out after the command timeout otherwise, so no caller ever waits
 * longer than that. Lettuce reconnects on its own and resubscribes the pub/sub channels it knew, but
 * whatever was published meanwhile is gone (pub/sub is at-most-once). So every loss of the pub/sub
 * connection marks a <em>gap</em>: once the connection is back, the monitor subscribes again to every
 * channel this node wants, waits for Redis to confirm, and only then reports the gap, so clients told
 * to recover read history after this node is already receiving again. Until the gap is reported, live
 * messages are dropped and positioning reads refused ({@link #requireInSync}): a subscriber must never
 * see a publication that follows a hole, or its {@code since} would skip the hole.
 *
 * <p>The shard's condition is one {@link ShardState}, which holds every transition.
 *
 * <p>Length: about 300 lines, a third of them this failure model and the reasons in the methods; the
 * state machine ({@code ShardState}) and the channel bookkeeping ({@code RedisInterest}) are already
 * their own classes, and what remains is the one monitor loop that must see both connections.
 */
final class RedisShard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisShard.class.getName());
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final long TICK_MILLIS = 100;
    private static final long PING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_CONNECT_BACKOFF_MILLIS = 2000;

    /** What the shard reports to its owner. Called on Redis I/O threads (messages) or the monitor (gaps). */
    interface Listener {
        void message(String pubsubChannel, byte[] message);

        void gap();
    }

    private final String id;
    private final RedisClient client;
    private final Duration timeout;
    private final DaemonThreads threads;
    private final ScheduledExecutorService monitor;
    private final RedisInterest interest;
    private final AtomicLong pubsubLosses = new AtomicLong();
    private final ShardState state;
    private volatile StatefulRedisConnection<String, byte[]> commands;
    private volatile StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private volatile Listener listener;
    private long lastPingNanos;
    private long connectBackoffMillis = TICK_MILLIS;
    private long nextConnectNanos;

    /**
     * @param id      the shard's placement identity (see {@link RedisShards})
     * @param client  a client configured to reject commands while disconnected and to time them out
     * @param timeout the command timeout
     */
    RedisShard(String id, RedisClient client, Duration timeout) {
        this.id = id;
        this.client = client;
        this.timeout = timeout;
        this.interest = new RedisInterest(id, timeout);
        this.state = new ShardState(id);
        this.threads = DaemonThreads.named("herald-redis-" + id);
        this.monitor = Executors.newSingleThreadScheduledExecutor(threads);
    }

    String id() {
        return id;
    }

    /** Connects (bounded by the connect timeout) and starts the monitor; a failed connect is retried there. */
    void start(Listener shardListener) {
        this.listener = shardListener;
        tryConnect();
        monitor.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    boolean isReady() {
        StatefulRedisConnection<String, byte[]> c = commands;
        StatefulRedisPubSubConnection<String, byte[]> p = pubsub;
        return state.get() == ShardState.State.LIVE && c != null && c.isOpen() && p != null && p.isOpen();
    }

    // ---- commands -------------------------------------------------------------------------------

    /** The async command API; throws {@code unavailable} at once while there is no connection. */
    RedisAsyncCommands<String, byte[]> commands() {
        StatefulRedisConnection<String, byte[]> c = commands;
        if (c == null || !c.isOpen()) {
            throw new HubException(ErrorCode.UNAVAILABLE, "Redis " + id + " is unreachable");
        }
        return c.async();
    }

    /** Runs a script and waits for it within the command timeout. */
    <T> T eval(RedisScript script, String[] keys, byte[]... args) {
        return await(evalAsync(script, keys, args), script.name());
    }

    /** Sends a script without waiting; throws {@code unavailable} at once while there is no connection. */
    <T> CompletableFuture<T> evalAsync(RedisScript script, String[] keys, byte[]... args) {
        return RedisCalls.evalAsync(commands(), script, keys, args);
    }

    /**
     * Runs a read script on the pub/sub connection and waits. Redis writes a channel's pub/sub messages
     * and later replies to one connection in order, so when such a read returns, every publication
     * it saw has already been handed to the listener: a subscriber positioned by this read can never
     * get one of those publications again as a "live" one (RESP3 allows commands on that connection).
     */
    <T> T evalOrdered(RedisScript script, String[] keys, byte[]... args) {
        StatefulRedisPubSubConnection<String, byte[]> p = pubsub;
        if (p == null || !p.isOpen()) {
            throw new HubException(ErrorCode.UNAVAILABLE, "Redis " + id + " is unreachable");
        }
        return await(RedisCalls.evalAsync(p.async(), script, keys, args), script.name());
    }

    /** Waits for a command within the command timeout; any failure is {@code unavailable}. */
    <T> T await(Future<T> future, String what) {
        return RedisCalls.await(future, timeout, id, what);
    }

    // ---- pub/sub --------------------------------------------------------------------------------

    /** Subscribes and waits until Redis confirms, so every later PUBLISH reaches this node. */
    void subscribe(String channel) {
        StatefulRedisPubSubConnection<String, byte[]> p = pubsub;
        if (p == null || !p.isOpen()) {
            throw new HubException(ErrorCode.UNAVAILABLE, "Redis " + id + " is unreachable");
        }
        interest.subscribe(p.async(), channel);
    }

    /** Unsubscribes without waiting; if that cannot reach Redis now, the next resync does it. */
    void unsubscribe(String channel) {
        StatefulRedisPubSubConnection<String, byte[]> p = pubsub;
        interest.unsubscribe(p == null || !p.isOpen() ? null : p.async(), channel);
    }

    // ---- monitor --------------------------------------------------------------------------------

    private void tick() {
        try {
            ShardState.State current = state.get();
            if (current == ShardState.State.CLOSED) {
                return;
            }
            if (current == ShardState.State.CONNECTING) {
                if (System.nanoTime() >= nextConnectNanos) {
                    tryConnect();
                }
                return;
            }
            if (!pubsub.isOpen()) {
                state.pubsubLost();
                return;
            }
            if (current == ShardState.State.GAP && commands.isOpen()) {
                resync();
            }
            long now = System.nanoTime();
            if (now - lastPingNanos >= PING_EVERY_NANOS) {
                lastPingNanos = now;
                ping();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Redis " + id + " monitor failed", e);
        }
    }

    private void ping() {
        try {
            await(commands().ping(), "PING");
            if (state.pingAnswered()) {
                LOG.log(System.Logger.Level.INFO, "Redis {0} answers again", id);
            }
        } catch (HubException e) {
            if (state.pingFailed()) {
                LOG.log(System.Logger.Level.WARNING, "Redis {0} does not answer: {1}", id, e.getMessage());
            }
        }
    }

    private void tryConnect() {
        StatefulRedisConnection<String, byte[]> c = null;
        long lossesBefore = pubsubLosses.get();
        try {
            c = client.connect(CODEC);
            StatefulRedisPubSubConnection<String, byte[]> p = client.connectPubSub(CODEC);
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    deliver(channel, message);
                }
            });
            p.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    pubsubLosses.incrementAndGet();
                    state.pubsubLost();
                }
            });
            pubsub = p;
            lastPingNanos = System.nanoTime();
            commands = c;
            if (!state.connected()) {
                return; // closed meanwhile; the client's shutdown closes these connections
            }
            if (pubsubLosses.get() != lossesBefore) {
                state.pubsubLost(); // pub/sub dropped while connecting
            }
            LOG.log(System.Logger.Level.INFO, "connected to Redis {0}", id);
        } catch (RuntimeException e) {
            if (c != null) {
                c.closeAsync();
            }
            if (connectBackoffMillis == TICK_MILLIS) { // the first failure only
                LOG.log(System.Logger.Level.WARNING, "cannot connect to Redis {0} (retrying): {1}", id, e.getMessage());
            }
            connectBackoffMillis = Math.min(connectBackoffMillis * 2, MAX_CONNECT_BACKOFF_MILLIS);
            nextConnectNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectBackoffMillis);
        }
    }

    private void deliver(String channel, byte[] message) {
        Listener l = listener;
        if (l == null || state.get() == ShardState.State.GAP) {
            // after a loss, live delivery stays off until every subscriber has been told to recover:
            // a publication delivered after a hole would move the subscriber's position past the hole
            return;
        }
        try {
            l.message(channel, message);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dropped a malformed message on " + channel, e);
        }
    }

    /** Subscribes again to everything wanted, drops stale subscriptions, then reports the gap. */
    private void resync() {
        long losses = pubsubLosses.get();
        int channels;
        try {
            channels = interest.resubscribe(pubsub.async());
        } catch (HubException e) {
            LOG.log(System.Logger.Level.DEBUG, "resubscribe to Redis {0} not done yet: {1}", id, e.getMessage());
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Redis {0} is back; resubscribed {1} channels", id, channels);
        Listener l = listener;
        if (l != null) {
            l.gap();
        }
        // only now: everyone subscribed before this point has been asked to recover from history
        if (pubsubLosses.get() == losses) {
            state.gapReported();
        }
    }

    /**
     * Reads that position a subscriber (history, stream position) are refused while a gap is pending:
     * a subscriber placed now would get no live publications until the gap is reported.
     */
    void requireInSync() {
        if (state.get() == ShardState.State.GAP) {
            throw new HubException(ErrorCode.UNAVAILABLE, "Redis " + id + " is resynchronizing");
        }
    }

    /** Stops the monitor and closes both connections. Idempotent. */
    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        threads.stop(monitor, timeout.multipliedBy(2));
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
