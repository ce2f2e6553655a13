package io.herald.hub.contract;

import io.herald.hub.Frame;
import io.herald.hub.Transport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The {@link Transport} contract, run against every implementation (the WebSocket adapter over a real
 * session, and the recording double the hub's unit tests rely on): each send's callback runs exactly
 * once, also for sends after a close; close is idempotent, never throws, also with a send in flight,
 * and the peer sees the first close's code.
 */
public abstract class TransportContract {
    protected static final Duration WAIT = Duration.ofSeconds(5);

    /** A fresh transport over an open connection to a peer. */
    protected abstract Transport open() throws Exception;

    /** The close code the peer received, waiting up to {@link #WAIT}; 0 when none arrived. */
    protected abstract int peerCloseCode() throws Exception;

    /** The text messages the peer received, waiting up to {@link #WAIT} until there are {@code count}. */
    protected abstract List<String> peerReceived(int count) throws Exception;

    /** How long to wait to be sure a callback is not called a second time. */
    protected Duration quietPeriod() {
        return Duration.ofMillis(200);
    }

    /** Sends and counts the callback's runs; the future completes with the first run's error (or null). */
    private static CompletableFuture<Throwable> send(Transport t, String text, AtomicInteger calls) {
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        t.send(new Frame.Text(text), error -> {
            calls.incrementAndGet();
            done.complete(error);
        });
        return done;
    }

    private void quiet() {
        LockSupport.parkNanos(quietPeriod().toNanos()); // nothing to poll for: proving a non-event
    }

    @Test
    void everySendCompletesItsCallbackExactlyOnceAndArrivesInOrder() throws Exception {
        Transport t = open();
        List<AtomicInteger> calls = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            AtomicInteger count = new AtomicInteger();
            calls.add(count);
            texts.add("{\"n\":" + i + "}");
            // one send in flight: the next only after the previous callback, as the hub's queue does
            assertEquals(null, send(t, texts.get(i), count).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals(texts, peerReceived(20));
        quiet();
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(1, calls.get(i).get(), "callback runs of send " + i);
        }
        t.close(1000, "done");
    }

    @Test
    void aSendAfterCloseCompletesItsCallbackOnceAndDoesNotThrow() throws Exception {
        Transport t = open();
        t.close(1000, "bye");
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Throwable> done = assertDoesNotThrow(() -> send(t, "{}", calls));
        done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        quiet();
        assertEquals(1, calls.get());
    }

    @Test
    void closeIsIdempotentNeverThrowsAndThePeerSeesTheFirstCode() throws Exception {
        Transport t = open();
        assertDoesNotThrow(() -> t.close(4001, "slow consumer"));
        assertDoesNotThrow(() -> t.close(1000, "again"));
        assertEquals(4001, peerCloseCode());
        assertDoesNotThrow(() -> t.close(4005, "after the peer saw it"));
    }

    @Test
    void closingWithASendInFlightNeverThrowsAndTheSendStillCompletesOnce() throws Exception {
        Transport t = open();
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Throwable> done = send(t, "{\"data\":\"" + "x".repeat(32 * 1024) + "\"}", calls);
        assertDoesNotThrow(() -> t.close(4005, "force reconnect"));
        done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(4005, peerCloseCode());
        quiet();
        assertEquals(1, calls.get());
    }

    @Test
    void theRemoteAddressIsNeverNull() throws Exception {
        Transport t = open();
        assertNotNull(t.remoteAddress());
        assertFalse(t.remoteAddress().isEmpty());
        t.close(1000, "done");
        assertNotNull(t.remoteAddress(), "also after close");
    }
}
