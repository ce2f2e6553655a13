package io.herald.hub.redis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisKeysTest {
    private final RedisKeys keys = new RedisKeys("herald:");

    @Test
    void everyKeyOfAChannelSharesOneClusterHashTag() {
        for (String key : new String[] {keys.meta("chat:room"), keys.history("chat:room"), keys.presence("chat:room"),
                keys.presenceExpiry("chat:room"), keys.idempotency("chat:room", "k"), keys.pubsub("chat:room")}) {
            assertTrue(key.startsWith("herald:{chat:room}"), key);
        }
    }

    @Test
    void pubsubNamesMapBackToTheirChannel() {
        assertEquals("chat:room", keys.channelOf(keys.pubsub("chat:room")));
        assertNull(keys.channelOf("other:{x}:pub"));
        assertNull(keys.channelOf("herald:{x}:meta"));
    }

    @Test
    void longIdempotencyKeysAreHashedToABoundedLength() {
        String key = keys.idempotency("ch", "x".repeat(10_000));
        assertTrue(key.length() < 100, key);
        assertEquals(key, keys.idempotency("ch", "x".repeat(10_000)));
    }
}
