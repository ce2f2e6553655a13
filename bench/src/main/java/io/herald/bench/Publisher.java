package io.herald.bench;

import io.herald.bench.wire.ClientLoop;
import io.herald.bench.wire.Payloads;
import io.herald.bench.wire.Wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The open-loop publisher: one connection (or, for a dialect that publishes over HTTP, one request per
 * publication) that sends publication {@code k} at its intended time
 * {@code t0 + k/rate}, whatever the server does. The intended time travels in the payload, so a stalled
 * server shows up as latency instead of hiding it (no coordinated omission): when sending falls behind,
 * the late messages still carry their intended times.
 */
final class Publisher implements AutoCloseable, ClientLoop.Listener {
    private static final int MAX_BACKLOG = 32 * 1024 * 1024;

    /** At most this many HTTP publications in flight; past it a publication counts as dropped. */
    private static final int MAX_HTTP_IN_FLIGHT = 2_000;

    private final Wire wire;
    private final ClientLoop loop;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile ClientLoop.Conn conn;
    private volatile String closedWhy;
    private int nextId = 100;
    /** Set when the dialect publishes over HTTP: then there is no loop and no connection. */
    private final HttpPublishing http;

    Publisher(Server server) throws IOException, InterruptedException {
        this.wire = Wire.named(server.kind.wire, server.prefix).publisherWire();
        if (wire instanceof Wire.OverHttp overHttp) {
            this.http = new HttpPublishing(overHttp, URI.create("http://127.0.0.1:" + server.port + server.prefix));
            this.loop = null;
            this.thread = null;
            return;
        }
        this.http = null;
        this.loop = new ClientLoop(wire, this);
        this.thread = new Thread(loop, "publisher-loop");
        thread.setDaemon(true);
        thread.start();
        loop.open(new InetSocketAddress("127.0.0.1", server.port), new InetSocketAddress("127.0.0.1", 0), List.of(),
                "publisher");
        if (!ready.await(10, TimeUnit.SECONDS) || conn == null) {
            throw new IOException("publisher could not connect: " + closedWhy);
        }
    }

    /** What one run sent. */
    record Sent(long messages, long dropped, double maxLagMillis) {
    }

    /**
     * Publishes at {@code ratePerSecond} for {@code millis}; message {@code k} goes to {@code channelOf(k)}.
     */
    Sent run(double ratePerSecond, long millis, int payloadBytes, IntFunction<String> channelOf) {
        if (http != null) {
            return http.run(ratePerSecond, millis, payloadBytes, channelOf);
        }
        long period = (long) (1e9 / ratePerSecond);
        long total = Math.max(1, (long) (ratePerSecond * millis / 1000.0));
        long t0 = System.nanoTime() + 1_000_000;
        long sent = 0;
        long[] dropped = {0};
        long maxLag = 0;
        while (sent < total) {
            long now = System.nanoTime();
            long due = Math.min(total, (now - t0) / period + 1);
            if (due > sent) {
                List<String> batch = new ArrayList<>((int) (due - sent));
                for (long k = sent; k < due; k++) {
                    long intended = t0 + k * period;
                    batch.add(wire.publish(channelOf.apply((int) k), Payloads.json(intended, payloadBytes), nextId++));
                }
                maxLag = Math.max(maxLag, now - (t0 + sent * period));
                int size = batch.size();
                loop.execute(() -> {
                    if (!loop.sendTexts(conn, batch, MAX_BACKLOG)) {
                        dropped[0] += size;
                    }
                });
                sent = due;
            }
            long next = t0 + sent * period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        CountDownLatch flushed = new CountDownLatch(1);
        loop.execute(flushed::countDown);
        try {
            flushed.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Sent(sent, dropped[0], maxLag / 1e6);
    }

    boolean isOpen() {
        return closedWhy == null;
    }

    @Override
    public void ready(ClientLoop.Conn c) {
        conn = c;
        ready.countDown();
    }

    @Override
    public void data(ClientLoop.Conn c, byte[] buf, int from, int to) {
        // the publisher subscribes to nothing
    }

    @Override
    public void closed(ClientLoop.Conn c, String why, boolean beforeReady) {
        closedWhy = why;
        ready.countDown();
        System.err.println("publisher connection closed: " + why);
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
    }

    /**
     * Open-loop publishing over HTTP, one asynchronous request per publication at its intended time (the JDK client
     * keeps a pool of keep-alive connections); a request that fails or answers other than 2xx counts as dropped.
     */
    private static final class HttpPublishing {
        private final Wire.OverHttp wire;
        private final URI base;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpPublishing(Wire.OverHttp wire, URI base) {
            this.wire = wire;
            this.base = base;
        }

        Sent run(double ratePerSecond, long millis, int payloadBytes, IntFunction<String> channelOf) {
            long period = (long) (1e9 / ratePerSecond);
            long total = Math.max(1, (long) (ratePerSecond * millis / 1000.0));
            long t0 = System.nanoTime() + 1_000_000;
            AtomicLong dropped = new AtomicLong();
            AtomicInteger inFlight = new AtomicInteger();
            long maxLag = 0;
            for (long k = 0; k < total; k++) {
                long intended = t0 + k * period;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                maxLag = Math.max(maxLag, System.nanoTime() - intended);
                if (inFlight.get() >= MAX_HTTP_IN_FLIGHT) {
                    dropped.incrementAndGet();
                    continue;
                }
                inFlight.incrementAndGet();
                HttpRequest request = wire.request(base, channelOf.apply((int) k), Payloads.json(intended, payloadBytes));
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    if (error != null || response.statusCode() / 100 != 2) {
                        dropped.incrementAndGet();
                    }
                    inFlight.decrementAndGet();
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            return new Sent(total, dropped.get(), maxLag / 1e6);
        }
    }
}
