package io.herald.hub.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardRingTest {
    private static final int CHANNELS = 40_000;

    @Test
    void oneShardOwnsEverything() {
        ShardRing ring = new ShardRing(List.of("a:6379/0"));
        assertEquals(0, ring.shardOf("anything"));
    }

    @Test
    void channelsSpreadEvenlyOverFourShards() {
        ShardRing ring = new ShardRing(List.of("a:6379/0", "b:6379/0", "c:6379/0", "d:6379/0"));
        int[] counts = new int[4];
        for (int i = 0; i < CHANNELS; i++) {
            counts[ring.shardOf("room-" + i)]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - CHANNELS / 4) < CHANNELS / 4 * 0.15, "uneven split: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void placementDoesNotDependOnTheOrderOfTheShardList() {
        List<String> ids = List.of("a:6379/0", "b:6379/0", "c:6379/0");
        List<String> reversed = List.of("c:6379/0", "b:6379/0", "a:6379/0");
        ShardRing forward = new ShardRing(ids);
        ShardRing backward = new ShardRing(reversed);
        for (int i = 0; i < 1000; i++) {
            String ch = "user#" + i;
            assertEquals(ids.get(forward.shardOf(ch)), reversed.get(backward.shardOf(ch)));
        }
    }

    @Test
    void addingAShardMovesOnlyItsShareOfChannels() {
        List<String> three = List.of("a:6379/0", "b:6379/0", "c:6379/0");
        List<String> four = List.of("a:6379/0", "b:6379/0", "c:6379/0", "d:6379/0");
        ShardRing before = new ShardRing(three);
        ShardRing after = new ShardRing(four);
        int moved = 0;
        for (int i = 0; i < CHANNELS; i++) {
            String ch = "chat:" + i;
            String was = three.get(before.shardOf(ch));
            String now = four.get(after.shardOf(ch));
            if (!was.equals(now)) {
                moved++;
                assertEquals("d:6379/0", now, "a channel may only move to the new shard");
            }
        }
        assertTrue(moved > CHANNELS / 4 * 0.8 && moved < CHANNELS / 4 * 1.2, "moved " + moved + " of " + CHANNELS);
    }
}
