package io.herald.hub.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one place that names Redis keys and pub/sub channels. Every key of a channel carries the channel
 * in a hash tag ({@code {name}}) so that, on Redis Cluster, all of them land in one slot and a script
 * may touch them together.
 */
final class RedisKeys {
    /** Longer idempotency keys are hashed so a caller cannot make Redis keys of any size. */
    private static final int MAX_IDEMPOTENCY_KEY = 128;
    private static final String PUBSUB_SUFFIX = "}:pub";

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String meta(String channel) {
        return tagged(channel, ":meta");
    }

    String history(String channel) {
        return tagged(channel, ":history");
    }

    String idempotency(String channel, String key) {
        String k = key.length() <= MAX_IDEMPOTENCY_KEY ? key : sha256(key);
        return tagged(channel, ":idem:" + k);
    }

    String presence(String channel) {
        return tagged(channel, ":presence");
    }

    String presenceExpiry(String channel) {
        return tagged(channel, ":presence:exp");
    }

    /** The pub/sub channel carrying the channel's publications and join/leave events. */
    String pubsub(String channel) {
        return prefix + "{" + channel + PUBSUB_SUFFIX;
    }

    /** The Herald channel of a pub/sub channel name, or null if it is not one of ours. */
    String channelOf(String pubsubChannel) {
        if (!pubsubChannel.startsWith(prefix + "{") || !pubsubChannel.endsWith(PUBSUB_SUFFIX)) {
            return null;
        }
        return pubsubChannel.substring(prefix.length() + 1, pubsubChannel.length() - PUBSUB_SUFFIX.length());
    }

    private String tagged(String channel, String suffix) {
        return prefix + "{" + channel + "}" + suffix;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
        }
    }
}
