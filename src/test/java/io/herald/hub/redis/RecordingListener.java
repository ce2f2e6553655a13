package io.herald.hub.redis;

import io.herald.hub.BrokerListener;
import io.herald.hub.ClientInfo;
import io.herald.hub.Publication;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A node's broker listener for tests: records what arrives; every wait is bounded. */
final class RecordingListener implements BrokerListener {
    static final Duration WAIT = Duration.ofSeconds(10);

    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final AtomicInteger gaps = new AtomicInteger();

    @Override
    public void onPublication(Publication publication) {
        events.add(publication);
    }

    @Override
    public void onJoin(String channel, ClientInfo info) {
        events.add("join:" + channel + ":" + info.client());
    }

    @Override
    public void onLeave(String channel, ClientInfo info) {
        events.add("leave:" + channel + ":" + info.client());
    }

    @Override
    public void onDeliveryGap() {
        gaps.incrementAndGet();
    }

    Object next() throws InterruptedException {
        Object e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "nothing arrived within " + WAIT);
        return e;
    }

    Publication nextPublication() throws InterruptedException {
        return (Publication) next();
    }

    void assertQuiet(Duration period) throws InterruptedException {
        assertNull(events.poll(period.toMillis(), TimeUnit.MILLISECONDS), "nothing should arrive");
    }
}
