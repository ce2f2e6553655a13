package io.herald.hub.redis;

import io.herald.hub.HistoryStore;
import io.herald.hub.Publication;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Streams in Redis: per channel a hash with the epoch and the offset counter, and a list of the kept
 * publications, oldest first. Offsets in the list are contiguous, so a read from an offset is one
 * LRANGE by index. Appending, trimming by size and age, and (for the broker) publishing happen in one
 * Lua script, so two nodes appending to one channel can never produce a gap or a reordering.
 *
 * <p>Reads run on the shard's pub/sub connection ({@link RedisShard#evalOrdered}), so a subscriber
 * positioned by a read never gets a publication the read already covered as a live one too.
 *
 * <p>A stream whose hash is lost (Redis restarted empty, key evicted or expired) gets a new epoch at
 * its next read or append, and its stale list, if any, is dropped.
 */
public final class RedisHistoryStore implements HistoryStore {
    private static final byte[] NO_CHANNEL = new byte[0];

    private final RedisShards shards;
    private final RedisKeys keys;
    private final byte[] metaTtlMillis;
    private final byte[] idempotencyWindowMillis;

    RedisHistoryStore(RedisShards shards) {
        this.shards = shards;
        this.keys = shards.keys();
        this.metaTtlMillis = ascii(shards.settings().historyMetaTtl().toMillis());
        this.idempotencyWindowMillis = ascii(shards.settings().idempotencyWindow().toMillis());
    }

    @Override
    public Appended append(Publication publication, PublishOptions options) {
        byte[] body = RedisWire.body(publication.payload(), publication.info(), publication.timeMillis());
        StreamPosition position = write(publication.channel(), body, options, false);
        return new Appended(publication.withOffset(position.offset()), position);
    }

    /**
     * Appends (when the options keep history) and, if {@code publish}, publishes to the channel's
     * subscribers on every node, in one atomic step.
     */
    StreamPosition write(String channel, byte[] body, PublishOptions options, boolean publish) {
        String key = options.idempotencyKey();
        int size = options.keepsHistory() ? options.historySize() : 0;
        String[] redisKeys = {keys.meta(channel), keys.history(channel),
                keys.idempotency(channel, key == null ? "" : key)};
        List<Object> reply = shards.shardOf(channel).eval(RedisScript.PUBLISH, redisKeys, body, ascii(size),
                ascii(options.historyTtl().toMillis()), metaTtlMillis, newEpoch(),
                publish ? keys.pubsub(channel).getBytes(StandardCharsets.UTF_8) : NO_CHANNEL,
                key == null ? ascii(0) : idempotencyWindowMillis);
        return new StreamPosition((Long) reply.get(0), text(reply.get(1)));
    }

    @Override
    public Page read(String channel, long sinceOffset, int limit) {
        RedisShard shard = shards.shardOf(channel);
        shard.requireInSync();
        List<Object> reply = shard.evalOrdered(RedisScript.READ,
                new String[] {keys.meta(channel), keys.history(channel)},
                ascii(sinceOffset), ascii(limit), newEpoch(), metaTtlMillis);
        StreamPosition position = new StreamPosition((Long) reply.get(0), text(reply.get(1)));
        long earliest = (Long) reply.get(2);
        List<Publication> publications = new ArrayList<>(reply.size() - 3);
        for (int i = 3; i < reply.size(); i++) {
            publications.add(RedisWire.entry(channel, (byte[]) reply.get(i), 0));
        }
        return new Page(position, publications, earliest);
    }

    @Override
    public StreamPosition position(String channel) {
        return read(channel, Long.MAX_VALUE, 0).position();
    }

    /** A random epoch for a stream that has none yet; the script uses it only then. */
    private static byte[] newEpoch() {
        return UUID.randomUUID().toString().substring(0, 13).replace("-", "").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Object bulk) {
        return new String((byte[]) bulk, StandardCharsets.UTF_8);
    }
}
