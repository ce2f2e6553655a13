package io.herald.hub;

import io.herald.config.HeraldConfig;
import io.herald.hub.memory.InMemoryBroker;
import io.herald.hub.memory.InMemoryPresenceStore;
import io.herald.protocol.JsonFrameEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Observers hear of this node's clients in the documented order; a failing observer harms nobody. */
class HubObserverTest {
    private final Hub hub = new Hub(withPlainNamespace(HeraldConfig.defaults().hub()), new InMemoryBroker(),
            new InMemoryPresenceStore(), Authenticator.anonymous(true), new JsonFrameEncoder());
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** Adds {@code plain}, a namespace without presence. */
    private static HubConfig withPlainNamespace(HubConfig d) {
        Map<String, NamespaceConfig> namespaces = new HashMap<>(d.namespaces());
        namespaces.put("plain", new NamespaceConfig(0, Duration.ZERO, false, false, PublishPolicy.SERVER, false, false));
        return new HubConfig(namespaces, d.allowAnonymous(), d.apiKeys(), d.pingInterval(), d.idleTimeout(),
                d.connectTimeout(), d.statsChannel(), d.limits());
    }

    @AfterEach
    void close() {
        hub.close();
    }

    private HubObserver recorder() {
        return new HubObserver() {
            @Override
            public void connected(ClientInfo client) {
                events.add("connected " + client.name());
            }

            @Override
            public void disconnected(ClientInfo client, int code) {
                events.add("disconnected " + client.name() + " " + code);
            }

            @Override
            public void subscribed(String channel, ClientInfo client) {
                events.add("subscribed " + channel);
            }

            @Override
            public void unsubscribed(String channel, ClientInfo client) {
                events.add("unsubscribed " + channel);
            }

            @Override
            public void joined(String channel, ClientInfo client) {
                events.add("joined " + channel);
            }

            @Override
            public void left(String channel, ClientInfo client) {
                events.add("left " + channel);
            }
        };
    }

    @Test
    void aClientsLifeIsReportedInOrderWithPresenceOnlyWherePresenceIsOn() {
        hub.observe(recorder());
        ClientSession s = hub.open(new RecordingTransport());
        hub.connect(s, null, "ann");
        hub.subscribe(s, "plain:news", null, r -> { });
        hub.subscribe(s, "chat:room", null, r -> { });
        hub.unsubscribe(s, "plain:news");
        hub.closed(s, 1001);
        assertEquals(List.of("connected ann", "subscribed plain:news", "subscribed chat:room", "joined chat:room",
                "unsubscribed plain:news", "left chat:room", "unsubscribed chat:room", "disconnected ann 1001"), events);
    }

    @Test
    void aConnectionThatNeverConnectedReportsNothing() {
        hub.observe(recorder());
        ClientSession s = hub.open(new RecordingTransport());
        hub.closed(s, 1006);
        ClientSession unconnected = hub.open(new RecordingTransport());
        assertThrows(() -> hub.subscribe(unconnected, "news", null, r -> { }));
        hub.closed(unconnected, 1000);
        assertEquals(List.of(), events);
    }

    @Test
    void aFailedSubscribeIsNotReported() {
        hub.observe(recorder());
        ClientSession s = hub.open(new RecordingTransport());
        hub.connect(s, null, "ann");
        assertThrows(() -> hub.subscribe(s, "nope:x", null, r -> { }));
        assertEquals(List.of("connected ann"), events);
    }

    @Test
    void aThrowingObserverNeitherStopsTheOthersNorTheClient() {
        hub.observe(new HubObserver() {
            @Override
            public void connected(ClientInfo client) {
                throw new IllegalStateException("observer bug");
            }
        });
        hub.observe(recorder());
        RecordingTransport t = new RecordingTransport();
        ClientSession s = hub.open(t);
        ConnectResult result = hub.connect(s, null, "ann");
        assertEquals(s.id(), result.client());
        assertEquals(List.of("connected ann"), events);
        assertEquals(0, t.closeCode);
        assertTrue(s.state() == ClientSession.State.CONNECTED);
    }

    private static void assertThrows(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(HubException.class, r::run);
    }
}
