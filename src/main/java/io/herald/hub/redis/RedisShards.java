package io.herald.hub.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis shards of this node and which one owns a channel. Shared by the broker, the history store
 * and the presence store of one node; closed when the last of them closes.
 */
final class RedisShards {
    private final List<RedisShard> shards = new ArrayList<>();
    private final ShardRing ring;
    private final ClientResources resources;
    private final RedisKeys keys;
    private final RedisSettings settings;
    private final AtomicInteger users = new AtomicInteger();

    RedisShards(RedisSettings settings) {
        this.settings = settings;
        this.keys = new RedisKeys(settings.keyPrefix());
        // reconnect quickly: a node without Redis serves nobody, and the delay is per node, not per client
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(2), 100, TimeUnit.MILLISECONDS))
                .build();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < settings.shards().size(); i++) {
                RedisURI uri = uri(settings, i);
                RedisClient client = RedisClient.create(resources, uri);
                client.setOptions(options(settings));
                RedisShard shard = new RedisShard(identity(uri), client, settings.commandTimeout());
                shards.add(shard);
                ids.add(shard.id());
            }
        } catch (RuntimeException e) {
            shards.forEach(RedisShard::close);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            shards.forEach(RedisShard::close);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new IllegalArgumentException("redis.shards lists the same Redis twice: " + ids);
        }
        this.ring = new ShardRing(ids);
    }

    static RedisURI uri(RedisSettings settings, int index) {
        String url = settings.shards().get(index);
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("redis.shards[" + index + "] is not a Redis URL ("
                    + e.getMessage() + "); expected redis://host:port, rediss://host:port or"
                    + " redis-sentinel://host:port#master");
        }
        // set on the parsed URI itself: copying through RedisURI.builder(uri) drops Sentinel addresses
        uri.setTimeout(settings.commandTimeout());
        if (!settings.password().isEmpty() && !hasCredentials(url)) {
            uri.setCredentialsProvider(new StaticCredentialsProvider(null, settings.password().toCharArray()));
        }
        if (uri.isSsl()) {
            uri.setVerifyPeer(settings.tlsVerifyPeer());
        }
        return uri;
    }

    static ClientOptions options(RedisSettings settings) {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(true)
                // fail fast: a disconnected shard rejects commands instead of queueing them
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // RESP3 lets the pub/sub connection run ordered reads (RedisShard.evalOrdered); Redis >= 6
                .protocolVersion(ProtocolVersion.RESP3)
                // a command that failed for the caller must not run later behind its back
                .replayFilter(command -> true)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout())
                        .keepAlive(true).tcpNoDelay(true).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()));
        if (!settings.tlsCaFile().isEmpty()) {
            b.sslOptions(SslOptions.builder().trustManager(new File(settings.tlsCaFile())).build());
        }
        return b.build();
    }

    /** A shard's placement identity: where it is, never its credentials. */
    static String identity(RedisURI uri) {
        if (uri.getSentinelMasterId() != null) {
            return "sentinel:" + uri.getSentinelMasterId() + "/" + uri.getDatabase();
        }
        return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    private static boolean hasCredentials(String url) {
        int start = url.indexOf("://");
        int end = url.length();
        for (char c : new char[] {'/', '#', '?'}) {
            int i = url.indexOf(c, start + 3);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return start >= 0 && url.substring(start + 3, end).contains("@");
    }

    /** Connects every shard (each bounded by the connect timeout); unreachable ones keep retrying. */
    void start(RedisShard.Listener listener) {
        shards.forEach(s -> s.start(listener));
    }

    RedisShard shardOf(String channel) {
        return shards.get(ring.shardOf(channel));
    }

    List<RedisShard> all() {
        return shards;
    }

    RedisKeys keys() {
        return keys;
    }

    RedisSettings settings() {
        return settings;
    }

    boolean isReady() {
        for (RedisShard s : shards) {
            if (!s.isReady()) {
                return false;
            }
        }
        return true;
    }

    /** One more component uses the shards. */
    void retain() {
        users.incrementAndGet();
    }

    /** One component is done; the last one closes every connection. */
    void release() {
        if (users.decrementAndGet() == 0) {
            shards.forEach(RedisShard::close);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
