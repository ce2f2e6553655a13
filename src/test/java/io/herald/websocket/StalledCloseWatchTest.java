package io.herald.websocket;

import io.herald.hub.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StalledCloseWatchTest {
    private final SessionCloser closer = new SessionCloser();

    @AfterEach
    void stop() {
        closer.shutdown(1_000);
    }

    /** Looks every 5 ms, patience 20 ms (the fourth look), cap 40 ms (the eighth). */
    private StalledCloseWatch watch(FakeSink sink) {
        return new StalledCloseWatch(sink, closer, 5, 20, 40);
    }

    @Test
    void aPeerThatTakesNothingIsDroppedOnceThePatienceIsOver() throws Exception {
        FakeSink sink = new FakeSink(5000, 5000, 5000, 5000, 5000);
        watch(sink).start();
        assertTrue(sink.aborted.await(5, TimeUnit.SECONDS));
        assertEquals(4, sink.looks.get(), "no progress at looks 2 and 3 is tolerated, at look 4 the patience is over");
    }

    @Test
    void anEmptyWriteQueueMeansTheCloseFrameIsInTheKernelSoTheConnectionGoesAtOnce() throws Exception {
        FakeSink sink = new FakeSink(5000, 3000, 0);
        watch(sink).start();
        assertTrue(sink.aborted.await(5, TimeUnit.SECONDS));
        assertEquals(3, sink.looks.get());
    }

    @Test
    void aPeerThatReadsAgainWithinThePatienceKeepsItsConnection() throws Exception {
        FakeSink sink = new FakeSink(5000, 5000, 5000, 4000, 3000, 2000);
        new StalledCloseWatch(sink, closer, 5, 20, 1_000).start();
        assertTrue(sink.aborted.await(5, TimeUnit.SECONDS));
        assertEquals(7, sink.abortedAtLook, "stalled at looks 2-3, read again at 4-6: dropped only when it stalls"
                + " again past the patience, at look 7");
    }

    @Test
    void aConnectionThatClosedIsLeftAlone() throws Exception {
        FakeSink sink = new FakeSink(5000);
        new StalledCloseWatch(sink, closer, 300, 300, 600).start();
        assertTrue(sink.firstLook.await(5, TimeUnit.SECONDS));
        sink.open.set(false); // well before the second look, 300 ms after the first
        assertFalse(sink.aborted.await(900, TimeUnit.MILLISECONDS), "no abort of a closed connection");
        assertEquals(1, sink.looks.get());
    }

    @Test
    void theWatchEndsAtItsCapEvenWhileThePeerCreepsOn() throws Exception {
        Long[] creeping = new Long[20];
        for (int i = 0; i < creeping.length; i++) {
            creeping[i] = 100_000L - i;
        }
        FakeSink sink = new FakeSink(creeping);
        watch(sink).start();
        assertTrue(sink.aborted.await(5, TimeUnit.SECONDS));
        assertEquals(8, sink.looks.get(), "progress at every look, dropped at the cap");
    }

    @Test
    void nothingRunsOnceTheCloserIsShutDown() throws Exception {
        FakeSink sink = new FakeSink(5000, 5000);
        new StalledCloseWatch(sink, closer, 200, 200, 400).start();
        closer.shutdown(1_000);
        assertFalse(sink.aborted.await(400, TimeUnit.MILLISECONDS), "a shutdown must not cut close frames on their way");
        assertEquals(0, sink.looks.get());
    }

    /** Answers the given pending-bytes figures in turn (the last one again when they run out). */
    private static final class FakeSink implements DirectFrames.Sink {
        final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean open = new AtomicBoolean(true);
        final AtomicInteger looks = new AtomicInteger();
        final CountDownLatch aborted = new CountDownLatch(1);
        final CountDownLatch firstLook = new CountDownLatch(1);
        volatile int abortedAtLook;
        private long last;

        FakeSink(long... figures) {
            for (long f : figures) {
                pending.add(f);
            }
        }

        FakeSink(Long[] figures) {
            for (Long f : figures) {
                pending.add(f);
            }
        }

        @Override
        public void write(byte[] frame, Transport.SendCallback done) {
            done.completed(null);
        }

        @Override
        public boolean isOpen() {
            return open.get();
        }

        @Override
        public synchronized long pendingBytes() {
            looks.incrementAndGet();
            firstLook.countDown();
            Long next = pending.poll();
            if (next != null) {
                last = next;
            }
            return last;
        }

        @Override
        public void abort() {
            abortedAtLook = looks.get();
            open.set(false);
            aborted.countDown();
        }
    }
}
