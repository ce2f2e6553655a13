package io.herald.hub.redis;

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
 * null at once instead of waiting for the timeout.
 *
 * <p>Message layout: {@code 'Q' | u64 request id | u8 reply-node length | reply node | payload} and
 * {@code 'A' | u64 request id | payload}.
 */
public final class RedisNodeBus implements NodeBus {
    private static final System.Logger LOG = System.getLogger(RedisNodeBus.class.getName());
    private static final byte REQUEST = 'Q';
    private static final byte ANSWER = 'A';

    private final String node;
    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Function<byte[], byte[]> handler = message -> new byte[0];
    /** Requests run here, in arrival order: the handler may call Redis, which must not block Lettuce's event loop. */
    private final ExecutorService serving = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "herald-node-bus");
        t.setDaemon(true);
        return t;
    });

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
                if (message.length > 0 && message[0] == REQUEST) {
                    serving.execute(() -> receive(message));
                } else {
                    receive(message);
                }
            }
        });
        pubsub.sync().subscribe(prefix + node);
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
        byte[] from = node.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 1 + from.length + message.length);
        out.put(REQUEST).putLong(id).put((byte) from.length).put(from).put(message);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(id));
        commands.async().publish(prefix + target, out.array()).whenComplete((receivers, error) -> {
            if (error != null) {
                reply.completeExceptionally(new HubException(ErrorCode.UNAVAILABLE, "broker unreachable"));
            } else if (receivers == 0) {
                reply.complete(null); // no node of that id
            }
        });
        return reply;
    }

    private void receive(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        byte type = in.get();
        long id = in.getLong();
        if (type == ANSWER) {
            byte[] payload = new byte[in.remaining()];
            in.get(payload);
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
        byte[] answer;
        try {
            answer = handler.apply(payload);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "forwarded request failed", e);
            return; // the requester times out
        }
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + answer.length);
        out.put(ANSWER).putLong(id).put(answer);
        commands.async().publish(prefix + new String(from, StandardCharsets.UTF_8), out.array());
    }

    @Override
    public void close() {
        serving.shutdownNow();
        try {
            pubsub.close();
            commands.close();
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
