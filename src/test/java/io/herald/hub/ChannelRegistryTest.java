package io.herald.hub;

import io.herald.config.HeraldConfig;
import io.herald.hub.memory.InMemoryBroker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node subscribes at the broker for a channel's first local subscriber and unsubscribes after its last. */
class ChannelRegistryTest {
    private final CountingBroker broker = new CountingBroker();
    private final ChannelRegistry registry = new ChannelRegistry(broker);

    private static ClientSession session(String id) {
        return new ClientSession(id, new RecordingTransport(), HeraldConfig.defaults().hub().limits(), () -> { }, System.nanoTime());
    }

    @Test
    void onlyTheFirstSubscriberSubscribesTheNodeAndOnlyTheLastUnsubscribesIt() {
        ClientSession a = session("a");
        ClientSession b = session("b");
        registry.add("news", a);
        registry.add("news", b);
        assertEquals(List.of("subscribe news"), broker.calls);
        assertEquals(2, registry.subscriberCount("news"));
        registry.remove("news", a);
        assertEquals(List.of("subscribe news"), broker.calls, "one subscriber is left");
        registry.remove("news", b);
        assertEquals(List.of("subscribe news", "unsubscribe news"), broker.calls);
        assertEquals(Map.of(), registry.channels());
        assertTrue(registry.channelNames().isEmpty());
    }

    @Test
    void removingASessionThatIsNotSubscribedChangesNothing() {
        registry.add("news", session("a"));
        registry.remove("news", session("other"));
        registry.remove("sports", session("a"));
        assertEquals(List.of("subscribe news"), broker.calls);
        assertEquals(1, registry.subscriberCount("news"));
    }

    @Test
    void aFailedBrokerSubscribeLeavesTheRegistryUnchangedAndTheNextAddRetries() {
        broker.failSubscribe = true;
        ClientSession a = session("a");
        HubException e = assertThrows(HubException.class, () -> registry.add("news", a));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(0, registry.subscriberCount("news"));
        assertEquals(Map.of(), registry.channels());
        broker.failSubscribe = false;
        registry.add("news", a);
        assertEquals(List.of("subscribe news", "subscribe news"), broker.calls, "retried, not assumed subscribed");
        assertEquals(1, registry.subscriberCount("news"));
    }

    @Test
    void aFailedBrokerUnsubscribeStillForgetsTheChannel() {
        ClientSession a = session("a");
        registry.add("news", a);
        broker.failUnsubscribe = true;
        registry.remove("news", a);
        assertEquals(0, registry.subscriberCount("news"));
        broker.failUnsubscribe = false;
        registry.add("news", a);
        assertEquals(List.of("subscribe news", "unsubscribe news", "subscribe news"), broker.calls);
    }

    @Test
    void aHubSubscribeRolledBackByTheBrokerLeavesTheClientUnsubscribed() {
        Hub hub = new Hub(HeraldConfig.defaults().hub(), broker, new io.herald.hub.memory.InMemoryPresenceStore(),
                Authenticator.anonymous(true), new io.herald.protocol.JsonFrameEncoder());
        try {
            ClientSession s = hub.open(new RecordingTransport());
            hub.connect(s, null, "a");
            broker.failSubscribe = true;
            assertThrows(HubException.class, () -> hub.subscribe(s, "news", null, r -> { }));
            assertEquals(0, s.subscriptionCount());
            assertEquals(Map.of(), hub.server().channels());
            broker.failSubscribe = false;
            List<SubscribeResult> replies = new ArrayList<>();
            hub.subscribe(s, "news", null, replies::add);
            assertEquals(1, replies.size(), "the same channel can be subscribed after the failure");
        } finally {
            hub.close();
        }
    }

    @Test
    void fanOutSkipsAFailingSubscriberAndReachesTheRest() {
        ClientSession a = session("a");
        ClientSession b = session("b");
        ClientSession c = session("c");
        registry.add("news", a);
        registry.add("news", b);
        registry.add("news", c);
        List<ClientSession> reached = new ArrayList<>();
        registry.forEachSubscriber("news", s -> {
            if (s == b) {
                throw new IllegalStateException("broken session");
            }
            reached.add(s);
        });
        assertEquals(2, reached.size());
        assertTrue(reached.contains(a) && reached.contains(c));
    }

    /** The in-memory broker, counting subscribe/unsubscribe calls and failing them on demand. */
    private static final class CountingBroker implements Broker {
        private final InMemoryBroker inner = new InMemoryBroker();
        final List<String> calls = new ArrayList<>();
        volatile boolean failSubscribe;
        volatile boolean failUnsubscribe;

        @Override
        public void start(BrokerListener listener) {
            inner.start(listener);
        }

        @Override
        public StreamPosition publish(String channel, Payload payload, ClientInfo info, PublishOptions options) {
            return inner.publish(channel, payload, info, options);
        }

        @Override
        public void publishJoin(String channel, ClientInfo info) {
            inner.publishJoin(channel, info);
        }

        @Override
        public void publishLeave(String channel, ClientInfo info) {
            inner.publishLeave(channel, info);
        }

        @Override
        public synchronized void subscribe(String channel) {
            calls.add("subscribe " + channel);
            if (failSubscribe) {
                throw new HubException(ErrorCode.UNAVAILABLE, "backend down");
            }
            inner.subscribe(channel);
        }

        @Override
        public synchronized void unsubscribe(String channel) {
            calls.add("unsubscribe " + channel);
            inner.unsubscribe(channel);
            if (failUnsubscribe) {
                throw new HubException(ErrorCode.UNAVAILABLE, "backend down");
            }
        }

        @Override
        public HistoryStore history() {
            return inner.history();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
