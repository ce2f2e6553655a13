package io.herald.hub.redis;

import io.herald.hub.DaemonThreads;
import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import io.herald.hub.NodeBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@link NodeBus} over Redis pub/sub on the first shard: each node subscribes to
 * {@code <prefix>node:<id>}; a request is published there, its reply to the requester's channel.
 * PUBLISH returns how many subscribers got the message, so a request to a node that is gone answers
 * null at once instead of waiting for the timeout. Every node also subscribes {@code <prefix>node:*all}
 * (no node id has a {@code *}) for {@link #gather}: there PUBLISH's count, less this node, is how many
 * replies to wait for.
 *
 * <p>Message layout: {@code 'Q'|'G' | u64 request id | u8 reply-node length | reply node | payload} and
 * {@code 'A'|'B' | u64 request id | payload} (request and reply, gather request and reply).
 */
public final class RedisNodeBus implements NodeBus {
    private static final System.Logger LOG = System.getLogger(RedisNodeBus.class.getName());
    private static final byte REQUEST = 'Q';
    private static final byte ANSWER = 'A';
    private static final byte GATHER = 'G';
    private static final byte GATHERED = 'B';
    private static final String ALL = "*all";

    private final String node;
    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Gathering> gathering = new ConcurrentHashMap<>();
    private volatile Function<byte[], byte[]> handler = message -> new byte[0];
    private volatile Function<byte[], byte[]> gatherHandler = message -> new byte[0];
    /** Requests run here, in arrival order: the handler may call Redis, which must not block Lettuce's event loop. */
    private final DaemonThreads threads = DaemonThreads.named("herald-node-bus");
    private final ExecutorService serving = Executors.newSingleThreadExecutor(threads);

    private RedisNodeBus(String node, RedisSettings settings) {
        this.node = node;
        this.prefix = settings.keyPrefix() + "node:";
        this.client = RedisClient.create(RedisShards.uri(settings, 0));
        client.setOptions(RedisShards.options(settings));
        this.commands = client.connect(RedisShard.CODEC);
        this.pubsub = client.connectPubSub(RedisShard.CODEC);
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                if (message.length > 0 && (message[0] == REQUEST || message[0] == GATHER)) {
                    serving.execute(() -> receive(message));
                } else {
                    receive(message);
                }
            }
        });
        pubsub.sync().subscribe(prefix + node, prefix + ALL);
    }

    /** Connects and subscribes this node's channel; throws when Redis cannot be reached. */
    public static RedisNodeBus start(String node, RedisSettings settings) {
        return new RedisNodeBus(node, settings);
    }

    @Override
    public void serve(Function<byte[], byte[]> serveHandler) {
        this.handler = serveHandler;
    }

    @Override
    public CompletableFuture<byte[]> request(String target, byte[] message, Duration timeout) {
        long id = ids.incrementAndGet();
        byte[] envelope = envelope(REQUEST, id, message);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(id));
        commands.async().publish(prefix + target, envelope).whenComplete((receivers, error) -> {
            if (error != null) {
                reply.completeExceptionally(new HubException(ErrorCode.UNAVAILABLE, "broker unreachable"));
            } else if (receivers == 0) {
                reply.complete(null); // no node of that id
            }
        });
        return reply;
    }

    @Override
    public void serveGather(Function<byte[], byte[]> serveHandler) {
        this.gatherHandler = serveHandler;
    }

    @Override
    public CompletableFuture<List<byte[]>> gather(byte[] message, Duration timeout) {
        long id = ids.incrementAndGet();
        Gathering g = new Gathering();
        gathering.put(id, g);
        g.done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> gathering.remove(id));
        commands.async().publish(prefix + ALL, envelope(GATHER, id, message)).whenComplete((receivers, error) -> {
            if (error != null) {
                g.done.completeExceptionally(new HubException(ErrorCode.UNAVAILABLE, "broker unreachable"));
            } else {
                g.expect(receivers - 1); // this node hears its own request and ignores it
            }
        });
        return g.done.exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e instanceof HubException ? e : new HubException(ErrorCode.UNAVAILABLE, "a node did not answer in time")));
    }

    private byte[] envelope(byte type, long id, byte[] message) {
        byte[] from = node.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 1 + from.length + message.length);
        out.put(type).putLong(id).put((byte) from.length).put(from).put(message);
        return out.array();
    }

    /** The replies of one gather; complete once as many arrived as PUBLISH reached other nodes. */
    private static final class Gathering {
        final CompletableFuture<List<byte[]>> done = new CompletableFuture<>();
        private final List<byte[]> replies = new ArrayList<>();
        private long expected = -1;

        synchronized void expect(long count) {
            expected = count;
            check();
        }

        synchronized void add(byte[] reply) {
            replies.add(reply);
            check();
        }

        private void check() {
            if (expected >= 0 && replies.size() >= expected) {
                done.complete(List.copyOf(replies));
            }
        }
    }

    private void receive(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        byte type = in.get();
        long id = in.getLong();
        if (type == ANSWER || type == GATHERED) {
            byte[] payload = new byte[in.remaining()];
            in.get(payload);
            if (type == GATHERED) {
                Gathering g = gathering.get(id);
                if (g != null) {
                    g.add(payload);
                }
                return;
            }
            CompletableFuture<byte[]> reply = pending.remove(id);
            if (reply != null) {
                reply.complete(payload);
            }
            return;
        }
        byte[] from = new byte[in.get() & 0xff];
        in.get(from);
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        String requester = new String(from, StandardCharsets.UTF_8);
        if (type == GATHER && requester.equals(node)) {
            return; // our own gather: the caller answers for this node itself
        }
        byte[] answer;
        try {
            answer = (type == GATHER ? gatherHandler : handler).apply(payload);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "forwarded request failed", e);
            return; // the requester times out
        }
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + answer.length);
        out.put(type == GATHER ? GATHERED : ANSWER).putLong(id).put(answer);
        commands.async().publish(prefix + requester, out.array());
    }

    @Override
    public void close() {
        threads.stop(serving, Duration.ofSeconds(2));
        try {
            pubsub.close();
            commands.close();
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
