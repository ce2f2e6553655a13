package io.herald.hub;

import io.herald.config.HeraldConfig;
import io.herald.hub.memory.InMemoryBroker;
import io.herald.hub.memory.InMemoryPresenceStore;
import io.herald.protocol.JsonFrameEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the hub does when its broker reports lost publications (e.g. Redis came back). */
class HubDeliveryGapTest {
    private final GapBroker broker = new GapBroker();
    private final Hub hub = new Hub(HeraldConfig.defaults().hub(), broker, new InMemoryPresenceStore(),
            Authenticator.anonymous(true), new JsonFrameEncoder());

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void aDeliveryGapAsksEverySubscribedClientToReconnectWith4005AndLeavesOthersAlone() {
        RecordingTransport subscribed = new RecordingTransport();
        RecordingTransport idle = new RecordingTransport();
        ClientSession a = hub.open(subscribed);
        hub.connect(a, null, "a");
        hub.subscribe(a, "news", null, r -> { });
        ClientSession b = hub.open(idle);
        hub.connect(b, null, "b");

        broker.listener.onDeliveryGap();

        assertEquals(CloseCode.FORCE_RECONNECT.code(), subscribed.closeCode);
        String last = ((Frame.Text) subscribed.sent.get(subscribed.sent.size() - 1)).text();
        assertTrue(last.contains("\"type\":\"disconnect\"") && last.contains("\"code\":4005")
                && last.contains("\"reconnect\":true"), last);
        assertEquals(0, idle.closeCode, "a client without subscriptions missed nothing");
    }

    /** The in-memory broker, with its listener exposed so the test can report a gap. */
    private static final class GapBroker implements Broker {
        private final InMemoryBroker inner = new InMemoryBroker();
        private BrokerListener listener;

        @Override
        public void start(BrokerListener brokerListener) {
            listener = brokerListener;
            inner.start(brokerListener);
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
        public void subscribe(String channel) {
            inner.subscribe(channel);
        }

        @Override
        public void unsubscribe(String channel) {
            inner.unsubscribe(channel);
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
