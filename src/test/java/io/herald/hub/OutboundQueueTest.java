package io.herald.hub;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundQueueTest {

    @Test
    void neverHasTwoSendsInFlight() {
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 1000, () -> { });
        for (int i = 0; i < 10; i++) {
            q.offer(new Frame.Text("m" + i));
        }
        assertEquals(1, t.sent.size(), "only the first frame goes out while it is in flight");
        t.release();
        assertEquals(1, t.maxSendsInFlight);
        assertEquals(10, t.messages().size(), "all ten arrive: " + t.messages());
    }

    @Test
    void queuedTextFramesAreCoalescedWithNewlines() {
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 1000, () -> { });
        for (int i = 0; i < 5; i++) {
            q.offer(new Frame.Text("{\"n\":" + i + "}"));
        }
        t.release();
        assertEquals(2, t.sent.size(), "first alone, the four queued behind it in one frame");
        assertEquals("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}", ((Frame.Text) t.sent.get(1)).text());
    }

    @Test
    void binaryFramesAreNeverCoalesced() {
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 1000, () -> { });
        q.offer(new Frame.Text("a"));
        q.offer(new Frame.Text("b"));
        q.offer(new Frame.Binary(new byte[]{1}));
        q.offer(new Frame.Text("c"));
        t.release();
        assertEquals(4, t.sent.size());
        assertTrue(t.sent.get(2) instanceof Frame.Binary);
    }

    @Test
    void overflowByBytesDropsTheQueueAndReportsOnce() {
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue q = new OutboundQueue(t, 100, 1000, overflows::incrementAndGet);
        assertTrue(q.offer(new Frame.Text("x".repeat(60))));
        assertTrue(q.offer(new Frame.Text("x".repeat(60))), "the first is in flight, not queued");
        assertFalse(q.offer(new Frame.Text("x".repeat(60))));
        assertFalse(q.offer(new Frame.Text("y")), "refused after overflow");
        assertEquals(1, overflows.get());
        assertEquals(0, q.queuedBytes());
    }

    @Test
    void theBoundCountsUtf8BytesNotCharacters() {
        assertEquals(6, new Frame.Text("\u63a8\u9001").size(), "two CJK characters are six bytes");
        assertEquals(4, new Frame.Text("\ud83d\ude00").size(), "a surrogate pair is four bytes");
        assertEquals(3, new Frame.Text("a\u00e9").size());
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue q = new OutboundQueue(t, 100, 1000, overflows::incrementAndGet);
        assertTrue(q.offer(new Frame.Text("x")), "in flight");
        assertTrue(q.offer(new Frame.Text("\u63a8".repeat(30))), "90 bytes fit in 100");
        assertFalse(q.offer(new Frame.Text("\u63a8".repeat(4))), "12 more bytes do not, though 34 characters would");
        assertEquals(1, overflows.get());
    }

    @Test
    void overflowByCount() {
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 3, overflows::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            assertTrue(q.offer(new Frame.Text("m")));
        }
        assertFalse(q.offer(new Frame.Text("m")));
        assertEquals(1, overflows.get());
    }

    @Test
    void inlineCompletionsDoNotGrowTheStack() {
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        OutboundQueue q = new OutboundQueue(t, Long.MAX_VALUE, Integer.MAX_VALUE, () -> { });
        for (int i = 0; i < 200_000; i++) {
            q.offer(new Frame.Binary(new byte[]{1})); // binary: one send each, no coalescing
        }
        t.release(); // completes the first; the rest complete inline one after another
        assertEquals(200_000, t.sent.size());
    }

    @Test
    void textFramesQueuedBehindASendAreJoinedWithNewlines() {
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 1000, () -> { });
        for (String m : List.of("a", "b", "c")) {
            q.offer(new Frame.Text(m));
        }
        t.release();
        assertEquals(List.of("a", "b\nc"), texts(t));
    }

    /** Pusher's transport: pusher-js parses a frame as one JSON message, so two in one frame would both be lost. */
    @Test
    void aTransportThatCannotTakeJoinedFramesGetsEachFrameAlone() {
        RecordingTransport t = new RecordingTransport() {
            @Override
            public boolean joinsTextFrames() {
                return false;
            }
        };
        t.holdSends();
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 1000, () -> { });
        for (String m : List.of("a", "b", "c")) {
            q.offer(new Frame.Text(m));
        }
        t.release();
        assertEquals(List.of("a", "b", "c"), texts(t));
    }

    private static List<String> texts(RecordingTransport t) {
        synchronized (t.sent) {
            return t.sent.stream().map(f -> ((Frame.Text) f).text()).toList();
        }
    }

    @Test
    void closeAfterDrainSendsWhatIsQueuedThenCloses() {
        RecordingTransport t = new RecordingTransport();
        t.holdSends();
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 1000, () -> { });
        q.offer(new Frame.Text("a"));
        q.offer(new Frame.Text("bye"));
        q.closeAfterDrain(CloseCode.GOING_AWAY, "shutdown");
        assertFalse(q.offer(new Frame.Text("late")));
        assertEquals(0, t.closeCode);
        t.release();
        assertEquals(1001, t.closeCode);
        assertEquals("bye", ((Frame.Text) t.sent.get(1)).text());
    }

    @Test
    void failedSendClosesTheTransport() {
        RecordingTransport t = new RecordingTransport() {
            @Override
            public void send(Frame frame, SendCallback callback) {
                callback.completed(new java.io.IOException("broken pipe"));
            }
        };
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 1000, () -> { });
        q.offer(new Frame.Text("a"));
        assertEquals(CloseCode.GOING_AWAY.code(), t.closeCode);
        assertFalse(q.offer(new Frame.Text("b")));
    }

    @Test
    void aFrameFromABackgroundThreadIsWrittenFromTheTransportsOwnThreadAndKeepsItsPlace() {
        java.util.ArrayDeque<Runnable> handedOver = new java.util.ArrayDeque<>();
        RecordingTransport t = new RecordingTransport() {
            @Override
            public void execute(Runnable task) {
                handedOver.add(task);
            }
        };
        OutboundQueue q = new OutboundQueue(t, 1 << 20, 1000, () -> { });
        assertTrue(q.offerFromBackground(new Frame.Text("ping")));
        assertEquals(0, t.sent.size(), "nothing is written on the background thread");
        assertEquals(1, handedOver.size(), "the drain went to the transport's thread");
        q.offer(new Frame.Text("publication")); // queued behind the ping: the drain is already owned
        assertEquals(0, t.sent.size());
        handedOver.poll().run();
        assertEquals(List.of("ping", "publication"), t.messages());
        assertEquals(1, t.maxSendsInFlight);
    }
}
