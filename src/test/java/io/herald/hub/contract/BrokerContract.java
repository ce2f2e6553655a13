package io.herald.hub.contract;

import io.herald.hub.Broker;
import io.herald.hub.BrokerListener;
import io.herald.hub.ClientInfo;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Broker} contract, run against every implementation. Delivery may be asynchronous
 * (Redis), so every expectation waits with a bound.
 */
public abstract class BrokerContract {
    protected static final Duration WAIT = Duration.ofSeconds(5);

    protected final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    protected Broker broker;

    /** A fresh, started-able broker for one test. */
    protected abstract Broker newBroker();

    /** How long to wait to be sure that nothing arrives (longer for brokers with network hops). */
    protected Duration quietPeriod() {
        return Duration.ofMillis(200);
    }

    @BeforeEach
    void startBroker() {
        broker = newBroker();
        broker.start(new BrokerListener() {
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
        });
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    protected static String channel() {
        return "b-" + UUID.randomUUID();
    }

    protected static PublishOptions history() {
        return new PublishOptions(10, Duration.ofMinutes(5), null);
    }

    protected Object next() throws InterruptedException {
        Object e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "nothing delivered within " + WAIT);
        return e;
    }

    @Test
    void publicationsOfASubscribedChannelAreDeliveredInOffsetOrder() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        for (int i = 1; i <= 20; i++) {
            StreamPosition p = broker.publish(ch, Payload.json(String.valueOf(i)), null, history());
            assertEquals(i, p.offset());
        }
        for (int i = 1; i <= 20; i++) {
            Publication p = (Publication) next();
            assertEquals(i, p.offset());
            assertEquals(String.valueOf(i), p.payload().json());
        }
    }

    @Test
    void publishAppendsToHistoryAtomicallyWithItsOffset() {
        String ch = channel();
        StreamPosition p = broker.publish(ch, Payload.json("\"x\""), null, history());
        List<Publication> kept = broker.history().read(ch, 0, 10).publications();
        assertEquals(1, kept.size());
        assertEquals(p.offset(), kept.get(0).offset());
        assertEquals(p.epoch(), broker.history().position(ch).epoch());
    }

    @Test
    void withoutHistoryThereIsNoStreamPosition() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        StreamPosition p = broker.publish(ch, Payload.json("1"), null, new PublishOptions(0, Duration.ZERO, null));
        assertEquals(0, p.offset());
        assertEquals(0, ((Publication) next()).offset());
    }

    @Test
    void sameIdempotencyKeyPublishesOnce() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        PublishOptions keyed = new PublishOptions(10, Duration.ofMinutes(5), "key-1");
        StreamPosition first = broker.publish(ch, Payload.json("1"), null, keyed);
        StreamPosition second = broker.publish(ch, Payload.json("1"), null, keyed);
        assertEquals(first, second);
        next();
        assertNull(events.poll(quietPeriod().toMillis(), TimeUnit.MILLISECONDS), "the duplicate must not be delivered");
        assertEquals(1, broker.history().read(ch, 0, 10).publications().size());
    }

    @Test
    void joinAndLeaveReachSubscribers() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        ClientInfo ann = new ClientInfo("c1", "ann", "Ann");
        broker.publishJoin(ch, ann);
        broker.publishLeave(ch, ann);
        assertEquals("join:" + ch + ":c1", next());
        assertEquals("leave:" + ch + ":c1", next());
    }

    @Test
    void infoTravelsWithThePublication() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        ClientInfo ann = new ClientInfo("c1", "ann", "Ann");
        broker.publish(ch, Payload.json("{}"), ann, history());
        assertEquals(ann, ((Publication) next()).info());
    }

    @Test
    void brokerIsReadyWhenItsBackendIsUp() {
        assertTrue(broker.isReady());
    }

    @Test
    void concurrentPublishersGetGapFreeOffsetsDeliveredInOrder() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        int threads = 4;
        int each = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        broker.publish(ch, Payload.json("0"), null, new PublishOptions(1000, Duration.ofMinutes(5), null));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 1; i <= threads * each; i++) {
            assertEquals(i, ((Publication) next()).offset(), "delivered in offset order without holes");
        }
    }

    @Test
    void idempotencyKeysAreScopedToTheirChannel() throws Exception {
        String a = channel();
        String b = channel();
        PublishOptions keyed = new PublishOptions(10, Duration.ofMinutes(5), "same-key");
        assertEquals(1, broker.publish(a, Payload.json("1"), null, keyed).offset());
        assertEquals(1, broker.publish(b, Payload.json("1"), null, keyed).offset());
        assertEquals(1, broker.history().read(b, 0, 10).publications().size());
    }

    @Test
    void differentIdempotencyKeysPublishEach() {
        String ch = channel();
        broker.publish(ch, Payload.json("1"), null, new PublishOptions(10, Duration.ofMinutes(5), "k1"));
        StreamPosition second = broker.publish(ch, Payload.json("1"), null, new PublishOptions(10, Duration.ofMinutes(5), "k2"));
        assertEquals(2, second.offset());
    }

    @Test
    void binaryPayloadsArriveUnchanged() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        byte[] bytes = {0, 10, 13, 32, (byte) 0xff, 'P'};
        broker.publish(ch, Payload.binary(bytes), null, history());
        assertEquals(Payload.binary(bytes), ((Publication) next()).payload());
    }

    /**
     * An ordering point after an {@code unsubscribe}: brokers may send it without waiting (Redis), and a
     * later {@code subscribe} returns only after the backend has handled everything sent before it.
     */
    private void settle() {
        broker.subscribe(channel());
    }

    private void assertQuiet() throws InterruptedException {
        Object e = events.poll(quietPeriod().toMillis(), TimeUnit.MILLISECONDS);
        assertNull(e, "nothing more may be delivered, got " + e);
    }

    @Test
    void afterUnsubscribingNothingMoreOfTheChannelIsDelivered() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        broker.publish(ch, Payload.json("1"), null, history());
        assertEquals(1, ((Publication) next()).offset());
        broker.unsubscribe(ch);
        settle();
        broker.publish(ch, Payload.json("2"), null, history());
        broker.publishJoin(ch, new ClientInfo("c1", "", ""));
        assertQuiet();
    }

    @Test
    void aChannelThisNodeNeverSubscribedIsNotDelivered() throws Exception {
        String wanted = channel();
        String other = channel();
        broker.subscribe(wanted);
        broker.publish(other, Payload.json("\"not mine\""), null, history());
        broker.publishJoin(other, new ClientInfo("c1", "", ""));
        broker.publishLeave(other, new ClientInfo("c1", "", ""));
        broker.publish(wanted, Payload.json("\"mine\""), null, history());
        assertEquals(wanted, ((Publication) next()).channel(), "only the subscribed channel arrives");
        assertQuiet();
    }

    @Test
    void subscribeAndUnsubscribeAreIdempotentAndNotCounted() throws Exception {
        String ch = channel();
        broker.subscribe(ch);
        broker.subscribe(ch);
        broker.publish(ch, Payload.json("1"), null, history());
        assertEquals(1, ((Publication) next()).offset());
        assertQuiet(); // delivered once, not once per subscribe
        broker.unsubscribe(ch); // one unsubscribe ends both subscribes
        broker.unsubscribe(ch);
        broker.unsubscribe(channel()); // never subscribed: nothing happens
        settle();
        broker.publish(ch, Payload.json("2"), null, history());
        assertQuiet();
    }

    @Test
    void closeIsIdempotent() {
        broker.close();
        broker.close(); // and once more after the test
    }
}
