package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;
import io.herald.hooks.HookType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backends that break the connection or answer garbage: retried, then dropped and counted. */
@Tag("integration")
class WebhookTransportFailureTest {

    /** A TCP server that reads the request's first bytes and then does {@code reply} to the socket. */
    private static final class RawBackend implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();

        RawBackend(Consumer<Socket> reply) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        connections.incrementAndGet();
                        InputStream in = s.getInputStream();
                        in.read(new byte[1024]);
                        reply.accept(s);
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "raw-backend");
            t.setDaemon(true);
            t.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static WebhookTarget target(URI url, int queue) {
        return new WebhookTarget("raw", url, "herald", List.of("raw-backend-secret-0123"), "",
                EnumSet.allOf(HookType.class), Set.of(), 10, Duration.ZERO, Duration.ofMillis(500), 3,
                Duration.ofMillis(10), Duration.ofMillis(40), queue);
    }

    private static void awaitStat(WebhookEngine engine, String stat, long value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.stats("raw").get(stat) < value) {
            assertTrue(System.nanoTime() < deadline, stat + " never reached " + value + ": " + engine.stats("raw"));
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // poll
        }
    }

    @Test
    void aBackendThatClosesTheSocketIsRetriedThenTheBatchIsDropped() throws Exception {
        try (RawBackend backend = new RawBackend(s -> { }); // closes without an answer
             WebhookEngine engine = new WebhookEngine(List.of(target(backend.url(), 100)), "n")) {
            engine.offer(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "room"));
            awaitStat(engine, "droppedRetriesExhausted", 1);
            Map<String, Long> stats = engine.stats("raw");
            assertEquals(3, stats.get("requests"), stats.toString());
            assertEquals(2, stats.get("retried"));
            assertEquals(0, stats.get("sent"));
        }
    }

    @Test
    void aBackendThatAnswersGarbageIsRetriedThenTheBatchIsDropped() throws Exception {
        try (RawBackend backend = new RawBackend(s -> write(s, "garbage \u0000\u00ff not http\r\n\r\n"));
             WebhookEngine engine = new WebhookEngine(List.of(target(backend.url(), 100)), "n")) {
            engine.offer(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "room"));
            awaitStat(engine, "droppedRetriesExhausted", 1);
            assertEquals(3, engine.stats("raw").get("requests"));
        }
    }

    @Test
    void offeringNeverBlocksAndTheQueueStaysWithinItsBound() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (RawBackend backend = new RawBackend(s -> await(release)); // reads the request, never answers
             WebhookEngine engine = new WebhookEngine(List.of(new WebhookTarget("raw", backend.url(), "herald",
                     List.of("raw-backend-secret-0123"), "", EnumSet.allOf(HookType.class), Set.of(), 10, Duration.ZERO,
                     Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofMillis(40), 1_000)), "n")) {
            long slowest = 0;
            for (int i = 0; i < 200_000; i++) {
                HookEvent event = HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "room" + i);
                long start = System.nanoTime();
                engine.offer(event);
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            // the backend never answers: an offer that waited for it would take the 5 s request timeout
            // (the bound leaves room for a GC pause of a shared test JVM)
            assertTrue(slowest < 1_000_000_000L, "slowest offer took " + slowest / 1_000 + " us");
            Map<String, Long> stats = engine.stats("raw");
            assertTrue(stats.get("queued") <= 1_000, stats.toString());
            assertTrue(stats.get("droppedQueueFull") >= 198_000, stats.toString());
            release.countDown();
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(Socket s, String text) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the client hung up first
        }
    }
}
