package io.herald.hub.memory;

import io.herald.hub.BrokerListener;
import io.herald.hub.ClientInfo;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import io.herald.hub.PublishOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fan-out runs outside the channel lock; these check that it still delivers every channel gap-free and in order. */
class InMemoryBrokerLaneTest {

    @Test
    void concurrentPublishersToSeveralChannelsAreDeliveredOncePerPublicationInOffsetOrder() throws Exception {
        InMemoryBroker broker = new InMemoryBroker();
        Map<String, List<Long>> received = new ConcurrentHashMap<>();
        broker.start(new BrokerListener() {
            @Override
            public void onPublication(Publication p) {
                // the lane has one drainer: appends for one channel never interleave, a plain list is enough
                received.computeIfAbsent(p.channel(), c -> new ArrayList<>()).add(p.offset());
            }

            @Override
            public void onJoin(String channel, ClientInfo info) {
            }

            @Override
            public void onLeave(String channel, ClientInfo info) {
            }
        });
        PublishOptions options = new PublishOptions(100_000, Duration.ofMinutes(5), null);
        int threads = 6;
        int perThread = 3_000;
        List<String> channels = List.of("a", "b", "c");
        channels.forEach(broker::subscribe); // the broker delivers only channels this node subscribed to
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        broker.publish(channels.get((id + i) % channels.size()), Payload.json("1"), null, options);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        start.countDown();
        assertTrue(done.await(60, TimeUnit.SECONDS), "publishers finished");
        long total = 0;
        for (String channel : channels) {
            List<Long> offsets = received.get(channel);
            for (int i = 0; i < offsets.size(); i++) {
                assertEquals(i + 1, offsets.get(i), channel + ": gap, duplicate or reorder at index " + i);
            }
            total += offsets.size();
        }
        assertEquals((long) threads * perThread, total, "every publication delivered once");
    }
}
