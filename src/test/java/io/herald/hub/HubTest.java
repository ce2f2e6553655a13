package io.herald.hub;

import io.herald.config.HeraldConfig;
import io.herald.hub.memory.InMemoryBroker;
import io.herald.hub.memory.InMemoryPresenceStore;
import io.herald.protocol.JsonFrameEncoder;
import io.herald.protocol.Replies;
import io.herald.protocol.ResultJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubTest {
    private static final Pattern OFFSET = Pattern.compile("\"offset\":(\\d+)");
    private Hub hub = newHub(HeraldConfig.defaults().hub());

    private static Hub newHub(HubConfig config) {
        return new Hub(config, new InMemoryBroker(), new InMemoryPresenceStore(), Authenticator.anonymous(true),
                new JsonFrameEncoder());
    }

    @AfterEach
    void close() {
        hub.close();
    }

    private ClientSession connected(RecordingTransport t, String name) {
        ClientSession s = hub.open(t);
        hub.connect(s, null, name);
        return s;
    }

    /** Waits (at most 5 s, then fails naming {@code what}) for the delivery threads to have done something. */
    private static void awaitTrue(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s: " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static boolean hasPub(RecordingTransport t) {
        return t.messages().stream().anyMatch(m -> m.contains("\"type\":\"pub\""));
    }

    private SubscribeResult subscribe(ClientSession s, String channel, StreamPosition since) {
        AtomicReference<SubscribeResult> result = new AtomicReference<>();
        hub.subscribe(s, channel, since, result::set);
        return result.get();
    }

    @Test
    void aPublicationIsEncodedOnceAndTheSameFrameGoesToEverySubscriber() {
        RecordingTransport t1 = new RecordingTransport();
        RecordingTransport t2 = new RecordingTransport();
        subscribe(connected(t1, "a"), "news", null);
        subscribe(connected(t2, "b"), "news", null);
        hub.server().publish("news", Payload.json("{\"x\":1}"), null);
        awaitTrue(() -> hub.stats().deliveries() == 2, "both deliveries"); // counted after the fan-out
        Frame f1 = t1.sent.get(t1.sent.size() - 1);
        Frame f2 = t2.sent.get(t2.sent.size() - 1);
        assertSame(f1, f2);
        assertTrue(((Frame.Text) f1).text().contains("\"offset\":1"));
        assertEquals(2, hub.stats().deliveries());
    }

    @Test
    void commandsBeforeConnectAreRefused() {
        ClientSession s = hub.open(new RecordingTransport());
        HubException e = assertThrows(HubException.class, () -> subscribe(s, "news", null));
        assertEquals(ErrorCode.NOT_CONNECTED, e.code());
    }

    @Test
    void unknownNamespaceIsUnknownChannel() {
        ClientSession s = connected(new RecordingTransport(), "a");
        assertEquals(ErrorCode.UNKNOWN_CHANNEL, assertThrows(HubException.class, () -> subscribe(s, "nope:x", null)).code());
        assertEquals(ErrorCode.UNKNOWN_CHANNEL,
                assertThrows(HubException.class, () -> hub.server().publish("nope:x", Payload.json("1"), null)).code());
    }

    @Test
    void publishPoliciesAreEnforced() {
        ClientSession s = connected(new RecordingTransport(), "a");
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HubException.class, () -> hub.publish(s, "news", Payload.json("1"))).code());
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HubException.class, () -> hub.publish(s, "chat:r", Payload.json("1"))).code());
        subscribe(s, "chat:r", null);
        assertEquals(1, hub.publish(s, "chat:r", Payload.json("1")).offset());
    }

    @Test
    void subscriptionsPerConnectionAreLimited() {
        Limits small = HeraldConfig.defaults().limits().toBuilder()
                .outboundQueueMessages(1000).maxChannelsPerConnection(2).build();
        hub.close();
        hub = newHub(withLimits(small));
        ClientSession s = connected(new RecordingTransport(), "a");
        subscribe(s, "a", null);
        subscribe(s, "b", null);
        assertEquals(ErrorCode.LIMIT_EXCEEDED, assertThrows(HubException.class, () -> subscribe(s, "c", null)).code());
    }

    @Test
    void recoveryJoinsHistoryAndLiveStreamWithoutGapsOrDuplicatesUnderConcurrentPublishing() throws Exception {
        hub.close();
        HubConfig d = HeraldConfig.defaults().hub();
        NamespaceConfig deep = new NamespaceConfig(5000, Duration.ofMinutes(5), true, false, PublishPolicy.SERVER, true, true);
        hub = newHub(new HubConfig(Map.of("", deep), true, List.of(), d.pingInterval(), d.idleTimeout(),
                d.connectTimeout(), "", d.limits()));
        hub.server().publish("race", Payload.json("0"), null);
        StreamPosition start = hub.server().history("race", 0, null).position();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch publishing = new CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            // bounded below the recovery cap (1000), so every subscriber must recover
            for (int i = 0; i < 800 && running.get(); i++) {
                hub.server().publish("race", Payload.json("1"), null);
                publishing.countDown();
            }
        });
        publisher.start();
        assertTrue(publishing.await(5, TimeUnit.SECONDS));
        List<RecordingTransport> transports = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingTransport t = new RecordingTransport();
            transports.add(t);
            ClientSession s = connected(t, "r" + i);
            // the reply goes through the session's queue, as the dispatcher does, so order is observable
            hub.subscribe(s, "race", start, r -> s.send(Replies.result(1, ResultJson.subscribe(r))));
        }
        publisher.join(10_000);
        running.set(false);
        long last = hub.server().history("race", 0, null).position().offset();
        for (RecordingTransport t : transports) {
            List<Long> offsets = new ArrayList<>();
            assertTrue(t.messages().stream().anyMatch(m -> m.contains("\"recovered\":true")), "recovered");
            for (String m : t.messages()) {
                if (m.contains("\"result\"") || m.contains("\"type\":\"pub\"")) {
                    Matcher matcher = OFFSET.matcher(m.contains("\"publications\"") ? m.substring(m.indexOf("\"publications\"")) : m);
                    while (matcher.find()) {
                        offsets.add(Long.parseLong(matcher.group(1)));
                    }
                }
            }
            // every offset from start+1 to the last, each exactly once and in order
            for (int i = 0; i < offsets.size(); i++) {
                assertEquals(start.offset() + 1 + i, offsets.get(i), "gap or duplicate at index " + i);
            }
            assertEquals(last, start.offset() + offsets.size(), "nothing missing at the end");
        }
    }

    @Test
    void presenceAndLeaveFollowTheConnection() {
        RecordingTransport watcher = new RecordingTransport();
        subscribe(connected(watcher, "w"), "chat:p", null);
        RecordingTransport gone = new RecordingTransport();
        ClientSession s = connected(gone, "g");
        subscribe(s, "chat:p", null);
        assertEquals(2, hub.server().presence("chat:p").size());
        hub.closed(s, 1000);
        hub.closed(s, 1000); // idempotent
        assertEquals(1, hub.server().presence("chat:p").size());
        awaitTrue(() -> watcher.messages().stream().anyMatch(m -> m.startsWith("{\"type\":\"leave\"") && m.contains(s.id())),
                "the leave push");
        assertEquals(0, hub.stats().subscriptions() - 1);
    }

    @Test
    void slowConsumerIsClosedWithTheSlowConsumerCode() {
        hub.close();
        hub = newHub(withLimits(HeraldConfig.defaults().limits().toBuilder()
                .outboundQueueBytes(1024).outboundQueueMessages(1000).build()));
        RecordingTransport slow = new RecordingTransport();
        slow.holdSends();
        RecordingTransport fast = new RecordingTransport();
        subscribe(connected(slow, "s"), "news", null);
        subscribe(connected(fast, "f"), "news", null);
        for (int i = 0; i < 50; i++) {
            hub.server().publish("news", Payload.json("\"" + "x".repeat(100) + "\""), null);
        }
        awaitTrue(() -> fast.messages().stream().filter(m -> m.contains("\"type\":\"pub\"")).count() == 50,
                "50 publications to the fast subscriber");
        assertEquals(CloseCode.SLOW_CONSUMER.code(), slow.closeCode);
        assertEquals(0, fast.closeCode);
        assertEquals(50, fast.messages().stream().filter(m -> m.contains("\"type\":\"pub\"")).count());
        assertEquals(1, hub.stats().slowConsumerCloses());
    }

    @Test
    void publicationsQueuedDuringAFanOutGoToEachSubscriberInOneSharedFrame() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingTransport blocking = new RecordingTransport() {
            @Override
            public void send(Frame frame, SendCallback callback) {
                if (frame instanceof Frame.Text t && t.text().contains("\"type\":\"pub\"") && inFirst.getCount() > 0) {
                    inFirst.countDown();
                    try {
                        assertTrue(release.await(5, TimeUnit.SECONDS), "released");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.send(frame, callback);
            }
        };
        RecordingTransport other = new RecordingTransport();
        subscribe(connected(blocking, "a"), "news", null);
        subscribe(connected(other, "b"), "news", null);
        int subscribers = DeliveryLanes.HAND_OFF_SUBSCRIBERS; // smaller fan-outs stay on the publisher's thread
        for (int i = 2; i < subscribers; i++) {
            subscribe(connected(new RecordingTransport(), "s" + i), "news", null);
        }
        hub.server().publish("news", Payload.json("0"), null);
        assertTrue(inFirst.await(5, TimeUnit.SECONDS), "the first fan-out is under way");
        for (int i = 1; i <= 5; i++) {
            hub.server().publish("news", Payload.json(Integer.toString(i)), null); // queued behind it
        }
        release.countDown();
        awaitTrue(() -> hub.stats().deliveries() == 6L * subscribers, "6 publications to every subscriber");
        Frame joined = other.sent.get(other.sent.size() - 1);
        assertSame(joined, blocking.sent.get(blocking.sent.size() - 1), "one frame shared by both");
        List<String> lines = List.of(((Frame.Text) joined).text().split("\n"));
        assertEquals(5, lines.size(), "the 5 queued publications in one frame");
        for (int i = 0; i < 5; i++) {
            Matcher m = OFFSET.matcher(lines.get(i));
            assertTrue(m.find(), lines.get(i));
            assertEquals(i + 2, Long.parseLong(m.group(1)), "offset order");
        }
    }

    @Test
    void aSmallFanOutIsDeliveredBeforePublishReturns() {
        RecordingTransport t = new RecordingTransport();
        subscribe(connected(t, "a"), "news", null);
        hub.server().publish("news", Payload.json("1"), null);
        assertTrue(hasPub(t), "one subscriber: delivered on the publisher's thread, no hand-off");
    }

    @Test
    void oneBrokenSessionNeverStopsAFanOut() {
        RecordingTransport broken = new RecordingTransport() {
            @Override
            public void send(Frame frame, SendCallback callback) {
                throw new IllegalStateException("TEXT_FULL_WRITING");
            }
        };
        subscribe(connected(new RecordingTransport(), "a"), "news", null);
        ClientSession b = hub.open(broken);
        hub.connect(b, null, "b");
        hub.subscribe(b, "news", null, r -> { });
        RecordingTransport after = new RecordingTransport();
        subscribe(connected(after, "c"), "news", null);
        hub.server().publish("news", Payload.json("1"), null);
        awaitTrue(() -> hasPub(after), "the publication behind the broken session");
    }

    @Test
    void heartbeatPingsClosesIdleAndUnconnectedClients() {
        RecordingTransport idle = new RecordingTransport();
        connected(idle, "i");
        RecordingTransport silent = new RecordingTransport();
        hub.open(silent);
        long now = System.nanoTime();
        hub.sweep(now + Duration.ofSeconds(26).toNanos());
        assertTrue(idle.messages().contains("{\"type\":\"ping\"}"));
        assertEquals(CloseCode.CONNECT_TIMEOUT.code(), silent.closeCode);
        hub.sweep(now + Duration.ofSeconds(61).toNanos());
        assertEquals(CloseCode.NO_PONG.code(), idle.closeCode);
    }

    @Test
    void aClientThatNeverReadsItsDisconnectIsCutAfterTheGracePeriod() {
        RecordingTransport stuck = new RecordingTransport();
        stuck.holdSends();
        ClientSession s = connected(stuck, "stuck");
        hub.disconnect(s, CloseCode.FORCE_DISCONNECT, "bye");
        assertEquals(0, stuck.closeCode, "waits for the queue to drain first");
        hub.sweep(System.nanoTime() + Heartbeat.CLOSE_GRACE_NANOS + 1_000_000_000L);
        assertEquals(CloseCode.FORCE_DISCONNECT.code(), stuck.closeCode);
    }

    @Test
    void disconnectByUserAndByClient() {
        RecordingTransport t = new RecordingTransport();
        ClientSession s = connected(t, "a");
        assertEquals(0, hub.server().disconnectClient("nobody", CloseCode.FORCE_DISCONNECT, "x"));
        assertEquals(1, hub.server().disconnectClient(s.id(), CloseCode.FORCE_DISCONNECT, "bye"));
        assertEquals(CloseCode.FORCE_DISCONNECT.code(), t.closeCode);
        assertTrue(t.messages().get(t.messages().size() - 1).contains("\"type\":\"disconnect\""));
    }

    @Test
    void channelsListsLocalSubscriberCounts() {
        subscribe(connected(new RecordingTransport(), "a"), "x", null);
        subscribe(connected(new RecordingTransport(), "b"), "x", null);
        assertEquals(Map.of("x", 2), hub.server().channels());
    }

    private static HubConfig withLimits(Limits limits) {
        HubConfig d = HeraldConfig.defaults().hub();
        return new HubConfig(d.namespaces(), d.allowAnonymous(), d.apiKeys(), d.pingInterval(), d.idleTimeout(),
                d.connectTimeout(), d.statsChannel(), limits);
    }
}
