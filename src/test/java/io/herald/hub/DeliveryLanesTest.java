package io.herald.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery threads keep each channel's order and hand what queued up during a fan-out over in one call. */
class DeliveryLanesTest {
    private static final ClientInfo INFO = new ClientInfo("c", "u", "n");
    private DeliveryLanes lanes;

    @AfterEach
    void close() {
        if (lanes != null) {
            lanes.close();
        }
    }

    private static Publication pub(String channel, long offset) {
        return new Publication(channel, offset, Payload.json("1"), INFO, 0);
    }

    @Test
    void publicationsQueuedDuringAFanOutArriveAsOneRunInOffsetOrder() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Long>> calls = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(11);
        lanes = DeliveryLanes.pooled(new Listener() {
            @Override
            public void onPublication(Publication p) {
                calls.add(List.of(p.offset()));
                if (p.offset() == 1) {
                    inFirst.countDown();
                    await(release);
                }
                all.countDown();
            }

            @Override
            public void onPublications(List<Publication> run) {
                calls.add(run.stream().map(Publication::offset).toList());
                run.forEach(p -> all.countDown());
            }
        }, 2);
        lanes.onPublication(pub("news", 1));
        assertTrue(inFirst.await(5, TimeUnit.SECONDS), "the first fan-out started");
        for (long offset = 2; offset <= 11; offset++) {
            lanes.onPublication(pub("news", offset)); // returns at once: the fan-out is on a delivery thread
        }
        release.countDown();
        assertTrue(all.await(5, TimeUnit.SECONDS), "every publication delivered");
        assertEquals(List.of(List.of(1L), List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L)), calls);
    }

    @Test
    void joinsAndLeavesKeepTheirPlaceBetweenPublicationsOfTheirChannel() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        lanes = DeliveryLanes.pooled(new Listener() {
            @Override
            public void onPublication(Publication p) {
                events.add("pub" + p.offset());
                if (p.offset() == 1) {
                    inFirst.countDown();
                    await(release);
                }
                if (p.offset() == 4) {
                    done.countDown();
                }
            }

            @Override
            public void onPublications(List<Publication> run) {
                events.add("pubs" + run.stream().map(p -> Long.toString(p.offset())).toList());
                if (run.get(run.size() - 1).offset() == 4) {
                    done.countDown();
                }
            }

            @Override
            public void onJoin(String channel, ClientInfo info) {
                events.add("join");
            }

            @Override
            public void onLeave(String channel, ClientInfo info) {
                events.add("leave");
            }
        }, 2);
        lanes.onPublication(pub("news", 1));
        assertTrue(inFirst.await(5, TimeUnit.SECONDS), "the first fan-out started");
        lanes.onPublication(pub("news", 2));
        lanes.onJoin("news", INFO);
        lanes.onPublication(pub("news", 3));
        lanes.onLeave("news", INFO);
        lanes.onPublication(pub("news", 4));
        release.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS), "everything delivered");
        assertEquals(List.of("pub1", "pub2", "join", "pub3", "leave", "pub4"), events);
    }

    @Test
    void concurrentPublishersToManyChannelsAreDeliveredOnceEachInOrder() throws Exception {
        Map<String, List<Long>> received = new ConcurrentHashMap<>();
        int threads = 4;
        int perThread = 5_000;
        CountDownLatch delivered = new CountDownLatch(threads * perThread);
        lanes = DeliveryLanes.pooled(new Listener() {
            @Override
            public void onPublication(Publication p) {
                // one call at a time per channel: a plain list per channel is enough
                received.computeIfAbsent(p.channel(), c -> new ArrayList<>()).add(p.offset());
                delivered.countDown();
            }
        }, 2);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String channel = "c" + t; // one publisher per channel: its own order is the channel's offset order
            Thread publisher = new Thread(() -> {
                for (long offset = 1; offset <= perThread; offset++) {
                    lanes.onPublication(pub(channel, offset));
                }
            });
            publishers.add(publisher);
            publisher.start();
        }
        for (Thread publisher : publishers) {
            publisher.join(10_000);
        }
        assertTrue(delivered.await(10, TimeUnit.SECONDS), "every publication delivered");
        assertEquals(threads, received.size());
        for (List<Long> offsets : received.values()) {
            assertEquals(perThread, offsets.size());
            for (int i = 0; i < offsets.size(); i++) {
                assertEquals(i + 1, offsets.get(i), "gap, duplicate or reorder at index " + i);
            }
        }
    }

    @Test
    void inlineLanesDeliverBeforeTheCallReturns() {
        List<Long> received = new ArrayList<>();
        lanes = DeliveryLanes.inline(new Listener() {
            @Override
            public void onPublication(Publication p) {
                received.add(p.offset());
            }
        });
        lanes.onPublication(pub("news", 1));
        assertEquals(List.of(1L), received);
    }

    @Test
    void anErrorOutOfOneDeliveryDoesNotHoldTheLane() {
        List<Long> received = new ArrayList<>();
        lanes = DeliveryLanes.inline(new Listener() {
            @Override
            public void onPublication(Publication p) {
                if (p.offset() == 1) {
                    throw new StackOverflowError("from a fan-out");
                }
                received.add(p.offset());
            }
        });
        org.junit.jupiter.api.Assertions.assertThrows(StackOverflowError.class, () -> lanes.onPublication(pub("news", 1)));
        lanes.onPublication(pub("news", 2));
        assertEquals(List.of(2L), received);
    }

    @Test
    void closeDeliversWhatIsQueuedFirst() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> received = new CopyOnWriteArrayList<>();
        lanes = DeliveryLanes.pooled(new Listener() {
            @Override
            public void onPublication(Publication p) {
                if (p.offset() == 1) {
                    inFirst.countDown();
                    await(release);
                }
                received.add(p.offset());
            }
        }, 1);
        lanes.onPublication(pub("news", 1));
        assertTrue(inFirst.await(5, TimeUnit.SECONDS), "the first fan-out started");
        lanes.onPublication(pub("news", 2));
        release.countDown();
        lanes.close();
        lanes = null;
        assertEquals(List.of(1L, 2L), received);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS), "released within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A listener whose runs are delivered one by one unless a test says otherwise. */
    private abstract static class Listener implements BrokerListener {
        @Override
        public void onJoin(String channel, ClientInfo info) {
        }

        @Override
        public void onLeave(String channel, ClientInfo info) {
        }
    }
}
