package io.herald.hub.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Consistent hashing of channel names onto shards. Each shard owns {@link #POINTS_PER_SHARD} points on
 * a 64-bit ring, placed by hashing its identity (host, port and database, never its password), so
 * adding or removing one shard moves only about 1/N of the channels, and every node computes the same
 * placement from the same shard list regardless of its order.
 */
final class ShardRing {
    /** Enough points that four shards stay within a few percent of an even split. */
    static final int POINTS_PER_SHARD = 160;

    private final long[] points;
    private final int[] owners;

    ShardRing(List<String> shardIds) {
        int n = shardIds.size();
        long[][] pairs = new long[n * POINTS_PER_SHARD][];
        int k = 0;
        for (int shard = 0; shard < n; shard++) {
            for (int p = 0; p < POINTS_PER_SHARD; p++) {
                pairs[k++] = new long[] {hash(shardIds.get(shard) + "#" + p), shard};
            }
        }
        Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        points = new long[pairs.length];
        owners = new int[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            points[i] = pairs[i][0];
            owners[i] = (int) pairs[i][1];
        }
    }

    /** The index (in the given list) of the shard owning the channel. */
    int shardOf(String channel) {
        if (owners.length == POINTS_PER_SHARD) {
            return 0;
        }
        int i = Arrays.binarySearch(points, hash(channel));
        if (i < 0) {
            i = -i - 1;
        }
        return owners[i == points.length ? 0 : i];
    }

    /** FNV-1a over UTF-8, then a 64-bit finalizer to spread similar names (room-1, room-2) apart. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
