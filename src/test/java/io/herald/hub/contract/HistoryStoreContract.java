package io.herald.hub.contract;

import io.herald.hub.ClientInfo;
import io.herald.hub.HistoryStore;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link HistoryStore} contract, run against every implementation (memory, Redis).
 * Subclasses provide a fresh store; channels are unique per test so stores may be shared.
 */
public abstract class HistoryStoreContract {

    protected abstract HistoryStore store();

    protected static String channel() {
        return "c-" + UUID.randomUUID();
    }

    protected static PublishOptions keep(int size) {
        return new PublishOptions(size, Duration.ofMinutes(5), null);
    }

    protected static Publication pub(String channel, String json) {
        return new Publication(channel, 0, Payload.json(json), new ClientInfo("c1", "u1", "n"), System.currentTimeMillis());
    }

    @Test
    void offsetsStartAtOneAndGrowByExactlyOne() {
        String ch = channel();
        for (int i = 1; i <= 5; i++) {
            HistoryStore.Appended a = store().append(pub(ch, String.valueOf(i)), keep(10));
            assertEquals(i, a.publication().offset());
            assertEquals(i, a.position().offset());
        }
    }

    @Test
    void epochStaysTheSameWhileTheStreamLives() {
        String ch = channel();
        String epoch = store().append(pub(ch, "1"), keep(10)).position().epoch();
        assertFalse(epoch.isEmpty());
        assertEquals(epoch, store().append(pub(ch, "2"), keep(10)).position().epoch());
        assertEquals(epoch, store().position(ch).epoch());
    }

    @Test
    void positionOfAnUnusedChannelIsZeroWithAnEpochThatTheFirstAppendKeeps() {
        String ch = channel();
        StreamPosition before = store().position(ch);
        assertEquals(0, before.offset());
        StreamPosition after = store().append(pub(ch, "1"), keep(10)).position();
        assertEquals(before.epoch(), after.epoch(), "a subscriber at offset 0 must be able to recover the first publication");
    }

    @Test
    void readReturnsPublicationsAfterTheGivenOffsetOldestFirst() {
        String ch = channel();
        for (int i = 1; i <= 5; i++) {
            store().append(pub(ch, String.valueOf(i)), keep(10));
        }
        HistoryStore.Page page = store().read(ch, 2, 100);
        assertEquals(List.of(3L, 4L, 5L), page.publications().stream().map(Publication::offset).toList());
        assertEquals("3", page.publications().get(0).payload().json());
        assertEquals(5, page.position().offset());
        assertEquals(1, page.earliestOffset());
    }

    @Test
    void readHonoursTheLimit() {
        String ch = channel();
        for (int i = 1; i <= 5; i++) {
            store().append(pub(ch, String.valueOf(i)), keep(10));
        }
        assertEquals(List.of(1L, 2L), store().read(ch, 0, 2).publications().stream().map(Publication::offset).toList());
        assertTrue(store().read(ch, 0, 0).publications().isEmpty());
    }

    @Test
    void historyIsTrimmedToItsSize() {
        String ch = channel();
        for (int i = 1; i <= 10; i++) {
            store().append(pub(ch, String.valueOf(i)), keep(3));
        }
        HistoryStore.Page page = store().read(ch, 0, 100);
        assertEquals(List.of(8L, 9L, 10L), page.publications().stream().map(Publication::offset).toList());
        assertEquals(8, page.earliestOffset());
    }

    @Test
    void infoAndBinaryPayloadsSurviveTheRoundTrip() {
        String ch = channel();
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        store().append(new Publication(ch, 0, Payload.binary(bytes), null, 1), keep(10));
        store().append(pub(ch, "{\"a\":[1,2]}"), keep(10));
        List<Publication> read = store().read(ch, 0, 10).publications();
        assertTrue(read.get(0).payload().isBinary());
        assertEquals(Payload.binary(bytes), read.get(0).payload());
        assertEquals(null, read.get(0).info());
        assertEquals("{\"a\":[1,2]}", read.get(1).payload().json());
        assertEquals(new ClientInfo("c1", "u1", "n"), read.get(1).info());
    }

    @Test
    void differentChannelsHaveIndependentStreams() {
        String a = channel();
        String b = channel();
        store().append(pub(a, "1"), keep(10));
        store().append(pub(a, "2"), keep(10));
        assertEquals(1, store().append(pub(b, "1"), keep(10)).position().offset());
        assertNotEquals(store().position(a).epoch(), "", "epochs exist");
    }

    @Test
    void concurrentAppendsGetDistinctGapFreeOffsets() throws Exception {
        String ch = channel();
        int threads = 4;
        int each = 50;
        java.util.Set<Long> offsets = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        offsets.add(store().append(pub(ch, "0"), keep(1000)).position().offset());
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, offsets.size(), "every append got its own offset");
        assertEquals(threads * each, java.util.Collections.max(offsets), "no offset was skipped");
        List<Publication> all = store().read(ch, 0, 10_000).publications();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).offset(), "history holds offsets in order without holes");
        }
    }

    @Test
    void publicationsOlderThanTheTtlAreNoLongerReturned() throws Exception {
        String ch = channel();
        PublishOptions shortLived = new PublishOptions(10, Duration.ofSeconds(1), null);
        String epoch = store().append(pub(ch, "1"), shortLived).position().epoch();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HistoryStore.Page page = store().read(ch, 0, 10);
        while (!page.publications().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            page = store().read(ch, 0, 10);
        }
        assertTrue(page.publications().isEmpty(), "expired publication still returned after 5 s");
        assertEquals(0, page.earliestOffset());
        assertEquals(1, page.position().offset(), "the offset counter survives its entries");
        assertEquals(epoch, page.position().epoch());
        assertEquals(2, store().append(pub(ch, "2"), shortLived).position().offset());
    }

    @Test
    void readingSinceTheLastOffsetOrBeyondReturnsNothing() {
        String ch = channel();
        store().append(pub(ch, "1"), keep(10));
        assertTrue(store().read(ch, 1, 10).publications().isEmpty());
        assertTrue(store().read(ch, 99, 10).publications().isEmpty());
        assertEquals(1, store().read(ch, 99, 10).position().offset());
    }
}
