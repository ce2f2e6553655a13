package io.herald.hub.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the Redis engine connects and keeps its data. Built from the {@code redis} config section.
 *
 * @param shards              one URL per Redis shard: {@code redis://[user:password@]host:port[/db]},
 *                            {@code rediss://...} for TLS, {@code redis-sentinel://host:26379[,host2:26379]/db#master}
 *                            for a Sentinel-managed master. Channels are spread over shards by consistent hashing
 *                            of their names, so every node must list the same shards in the same form.
 * @param password            used for shards whose URL carries none (keeps the secret out of URLs); "" = none
 * @param keyPrefix           prefix of every key and pub/sub channel, so several Herald clusters can share a Redis
 * @param connectTimeout      bound on opening a connection
 * @param commandTimeout      bound on every command; a slower Redis counts as unavailable
 * @param presenceTtl         how long a presence entry lives without its node refreshing it (a dead node's clients
 *                            vanish within this); nodes refresh every third of it
 * @param historyMetaTtl      how long a stream's offset and epoch outlive its last publication, so that clients
 *                            coming back after the history expired get {@code recovered: false} in the same epoch
 * @param idempotencyWindow   how long a publish {@code idempotencyKey} is remembered, cluster-wide
 * @param tlsVerifyPeer       for {@code rediss://}: verify the server certificate and host name
 * @param tlsCaFile           for {@code rediss://}: PEM file of trusted CA certificates; "" = the JVM's trust store
 */
public record RedisSettings(List<String> shards, String password, String keyPrefix, Duration connectTimeout,
                            Duration commandTimeout, Duration presenceTtl, Duration historyMetaTtl,
                            Duration idempotencyWindow, boolean tlsVerifyPeer, String tlsCaFile) {

    public RedisSettings {
        shards = List.copyOf(shards);
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis shard URL is required");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(tlsCaFile, "tlsCaFile");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(presenceTtl, "presenceTtl");
        requirePositive(historyMetaTtl, "historyMetaTtl");
        requirePositive(idempotencyWindow, "idempotencyWindow");
    }

    /** Settings for one local Redis, as the tests and a laptop cluster use. */
    public static RedisSettings local(String url, String keyPrefix) {
        return new RedisSettings(List.of(url), "", keyPrefix, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofDays(1), Duration.ofMinutes(5), true, "");
    }

    public RedisSettings withShards(List<String> urls) {
        return new RedisSettings(urls, password, keyPrefix, connectTimeout, commandTimeout, presenceTtl,
                historyMetaTtl, idempotencyWindow, tlsVerifyPeer, tlsCaFile);
    }

    public RedisSettings withPresenceTtl(Duration ttl) {
        return new RedisSettings(shards, password, keyPrefix, connectTimeout, commandTimeout, ttl,
                historyMetaTtl, idempotencyWindow, tlsVerifyPeer, tlsCaFile);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
