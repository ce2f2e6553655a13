package io.herald.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Publishes {@code {"seq":N}} over the HTTP API at a steady rate, spreading requests over nodes. A
 * refused publish (503, node down) is retried with the same {@code idempotencyKey} on the next node
 * until it succeeds, as a careful backend would; so every sequence number is published exactly once
 * and the test knows which ones were acknowledged.
 */
public final class TestPublisher implements AutoCloseable {
    private final Supplier<List<HeraldNode>> nodes;
    private final String channel;
    private final long intervalMillis;
    private final Thread thread;
    private final Map<Long, Long> acked = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final Map<Long, String> offsets = new ConcurrentHashMap<>();
    private final AtomicLong slowestRefusalMillis = new AtomicLong();
    private volatile boolean stopped;
    private long seq;
    private int next;

    /** @param nodes the nodes to use (read before each attempt, so a test can drop a dead one) */
    public TestPublisher(Supplier<List<HeraldNode>> nodes, String channel, int perSecond) {
        this(nodes, channel, perSecond, 1);
    }

    /** @param firstSeq the first sequence number (to tell phases of one test apart) */
    public TestPublisher(Supplier<List<HeraldNode>> nodes, String channel, int perSecond, long firstSeq) {
        this.seq = firstSeq - 1;
        this.nodes = nodes;
        this.channel = channel;
        this.intervalMillis = 1000 / perSecond;
        this.thread = new Thread(this::run, "publisher-" + channel);
        thread.setDaemon(true);
    }

    public TestPublisher start() {
        thread.start();
        return this;
    }

    private void run() {
        while (!stopped) {
            long s = ++seq;
            String body = "{\"channel\":\"" + channel + "\",\"data\":{\"seq\":" + s + "},\"idempotencyKey\":\"seq-" + s + "\"}";
            while (!stopped) {
                List<HeraldNode> live = nodes.get();
                HeraldNode node = live.get(next++ % live.size());
                long start = System.nanoTime();
                try {
                    var r = node.api("POST", "/api/publish", body);
                    if (r.statusCode() == 200) {
                        acked.put(s, System.nanoTime());
                        offsets.put(s, r.body());
                        break;
                    }
                    if (r.statusCode() == 503) {
                        refused.incrementAndGet();
                        slowestRefusalMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    }
                } catch (Exception e) {
                    // node down: try the next one
                }
                pause(50);
            }
            pause(intervalMillis);
        }
    }

    /** Sequence numbers acknowledged with 200, in order. */
    public List<Long> acked() {
        List<Long> list = new ArrayList<>(acked.keySet());
        list.sort(null);
        return list;
    }

    /** The publish reply ({@code {"epoch","offset"}}) of an acked sequence number. */
    public String position(long seq) {
        return offsets.get(seq);
    }

    /** Publishes answered 503 (Redis unavailable). */
    public int refused() {
        return refused.get();
    }

    /** The longest time a 503 took to come back. */
    public long slowestRefusalMillis() {
        return slowestRefusalMillis.get();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the publish in progress (which may still be retrying) is done or abandoned. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(15_000);
    }
}
