package io.herald.cluster;

import io.herald.testing.HeraldNode;
import io.herald.testing.RawWebSocket;
import io.herald.testing.RedisServer;
import io.herald.testing.TestPublisher;
import io.herald.testing.TrackingClient;
import io.herald.testing.WsTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak: two Herald nodes on one (persistent) Redis for {@code herald.soak.seconds} (180 in
 * {@code mvn verify}; docs/scaling.md gives the long command), with steady publishes on many channels,
 * recovering subscribers spread over both nodes, connection churn, a Redis restart at a third of the
 * run, a node kill (and restart on its port) at two thirds, and stalled subscribers after that. At the end:
 * every acknowledged publication reached every subscriber exactly once and in channel order, every
 * stalled subscriber was closed with 4001, and the surviving node's heap after GC, thread count and
 * open file descriptors are within the bounds below of what they were once the load had settled.
 *
 * <p>Not a *Test: the default test run skips it; its own surefire execution runs it after packaging.
 */
@Tag("integration")
class SoakRun {
    static final long HEAP_GROWTH_BYTES = 24L * 1024 * 1024;
    static final int THREAD_GROWTH = 8;
    static final int FD_GROWTH = 32;
    private static final int CHANNELS = 16;
    private static final int RATE_PER_CHANNEL = 5;
    private static final int STALLED = 6;

    private record NodeState(long heapAfterGc, int threads, int fds) {
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 3, unit = TimeUnit.HOURS) // herald.soak.seconds may be an hour or more
    void twoNodesOnRedisLoseDuplicateAndReorderNothingAndStayFlat() throws Exception {
        long seconds = Long.getLong("herald.soak.seconds", 180);
        RedisServer redis = RedisServer.start(true);
        String config = ClusterFixture.config(List.of(redis.url()), "soak" + UUID.randomUUID().toString().substring(0, 6) + ":")
                .replace("\"limits\": {\"recoveryMaxPublications\": 10000}",
                        "\"limits\": {\"recoveryMaxPublications\": 10000, \"outboundQueueBytes\": 262144}");
        List<HeraldNode> nodes = new CopyOnWriteArrayList<>(ClusterFixture.start(2, config));
        HeraldNode steady = nodes.get(0);
        List<TrackingClient> trackers = new ArrayList<>();
        List<TestPublisher> publishers = new ArrayList<>();
        List<RawWebSocket> stalled = new ArrayList<>();
        Churn churn = null;
        try {
            List<URI> uris = nodes.stream().map(HeraldNode::wsUri).toList();
            for (int ch = 0; ch < CHANNELS; ch++) {
                String channel = "big:soak" + ch;
                for (int i = 0; i < 2; i++) {
                    trackers.add(new TrackingClient("s" + ch + "-" + i, uris, (ch + i) % 2, channel).start());
                }
                publishers.add(new TestPublisher(() -> nodes, channel, RATE_PER_CHANNEL, ch * 10_000_000L + 1));
            }
            for (TrackingClient t : trackers) {
                t.awaitSubscribed(15_000);
            }
            publishers.forEach(TestPublisher::start);
            // warm-up (pacing: the baseline is taken once the JIT and the queues are past their start), then the
            // load must be flowing: every subscriber has what was acknowledged so far
            hold(Duration.ofSeconds(Math.min(20, seconds / 6)));
            List<List<Long>> warmUp = publishers.stream().map(TestPublisher::acked).toList(); // what was acked so far
            until(Duration.ofSeconds(30), "every subscriber has every publication acked in the warm-up",
                    () -> allDelivered(warmUp, trackers));
            NodeState warm = measure(steady);

            churn = new Churn(nodes);
            churn.start();
            long start = System.nanoTime();
            sleepUntil(start, seconds / 3);
            redis.kill();
            // the outage lasts at least 2 s (pacing) and until both nodes have seen it
            hold(Duration.ofSeconds(2));
            until(Duration.ofSeconds(15), "both nodes report Redis down", () -> nodes.stream().noneMatch(SoakRun::brokerReady));
            redis.restart();
            until(Duration.ofSeconds(30), "both nodes report Redis up again", () -> nodes.stream().allMatch(SoakRun::brokerReady));
            sleepUntil(start, 2 * seconds / 3);
            HeraldNode victim = nodes.get(1);
            nodes.remove(victim);
            victim.kill(); // returns once the process is gone
            hold(Duration.ofSeconds(3)); // pacing: the node stays down 3 s while its clients move to the other
            nodes.add(HeraldNode.start("node2b", config, ClusterFixture.API_KEY, victim.port()));
            // stalled subscribers in the last third, after the outages (which close every client with 4005 or 1006)
            for (int i = 0; i < STALLED; i++) {
                stalled.add(stalledSubscriber(nodes.get(i % 2).wsUri()));
            }
            sleepUntil(start, seconds - Math.min(20, seconds / 6));

            churn.close();
            int closedWith4001 = 0;
            List<Integer> stalledCodes = new ArrayList<>();
            for (RawWebSocket ws : stalled) {
                int code = ws.awaitCloseCode(Duration.ofSeconds(30));
                stalledCodes.add(code);
                if (code == 4001) {
                    closedWith4001++;
                }
                ws.close();
            }
            for (TestPublisher p : publishers) {
                p.close();
            }
            List<List<Long>> ackedAtEnd = publishers.stream().map(TestPublisher::acked).toList(); // the publishers stopped
            until(Duration.ofSeconds(30), "every subscriber has every acked publication", () -> allDelivered(ackedAtEnd, trackers));
            // the closes of churned and stalled connections have settled: what stays open is one connection per
            // subscriber, over both nodes (a connection still counted on a node is still held there)
            until(Duration.ofSeconds(30), "only the " + trackers.size() + " subscribers' connections are open",
                    () -> connections(nodes) == trackers.size());
            NodeState end = measure(steady);

            int published = 0;
            int lost = 0;
            int duplicates = 0;
            int outOfOrder = 0;
            for (int ch = 0; ch < CHANNELS; ch++) {
                List<Long> acked = publishers.get(ch).acked();
                published += acked.size();
                for (TrackingClient t : List.of(trackers.get(2 * ch), trackers.get(2 * ch + 1))) {
                    lost += t.lost(acked);
                    duplicates += t.duplicates();
                    outOfOrder += t.outOfOrder();
                }
            }
            System.out.println("SOAK seconds=" + seconds + " channels=" + CHANNELS + " subscribers=" + trackers.size()
                    + " published=" + published + " deliveriesExpected=" + 2 * published + " lost=" + lost
                    + " duplicates=" + duplicates + " outOfOrder=" + outOfOrder + " churned=" + churn.connections.get()
                    + " churnFailures=" + churn.failures.get() + " stalledClosed4001=" + closedWith4001 + "/" + STALLED + " stalledCodes=" + stalledCodes
                    + " bulkPublished=" + churn.bulk.get()
                    + " heapAfterGc " + warm.heapAfterGc + " -> " + end.heapAfterGc
                    + " threads " + warm.threads + " -> " + end.threads + " fds " + warm.fds + " -> " + end.fds);
            assertEquals(0, lost, "publications lost");
            assertEquals(0, duplicates, "publications delivered twice");
            assertEquals(0, outOfOrder, "publications out of channel order");
            assertEquals(STALLED, closedWith4001, "stalled subscribers closed with 4001 (slow_consumer)");
            assertTrue(churn.connections.get() > 0, "connection churn ran");
            assertTrue(end.heapAfterGc <= warm.heapAfterGc + HEAP_GROWTH_BYTES,
                    "heap after GC grew from " + warm.heapAfterGc + " to " + end.heapAfterGc);
            assertTrue(end.threads <= warm.threads + THREAD_GROWTH, "threads " + warm.threads + " -> " + end.threads);
            assertTrue(end.fds <= warm.fds + FD_GROWTH, "file descriptors " + warm.fds + " -> " + end.fds);
        } finally {
            if (churn != null) {
                churn.close();
            }
            for (RawWebSocket ws : stalled) {
                ws.close();
            }
            for (TestPublisher p : publishers) {
                p.close();
            }
            for (TrackingClient t : trackers) {
                t.close();
            }
            ClusterFixture.stop(nodes);
            redis.close();
        }
    }

    /** A subscriber to the bulk channel that never reads: its node must close it with 4001. */
    private static RawWebSocket stalledSubscriber(URI ws) throws Exception {
        RawWebSocket s = RawWebSocket.connect(ws, Map.of(), 4096);
        s.sendText("{\"id\":1,\"type\":\"connect\"}");
        s.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"chat:bulk\"}");
        return s;
    }

    /** Heap after a full GC (jcmd GC.run, then /api/info), thread count and open descriptors from /proc. */
    private static NodeState measure(HeraldNode node) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(node.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "jcmd GC.run on " + node.name());
        }
        String info = node.api("GET", "/api/info", null).body();
        long heap = ClusterScenarios.json(info).getJsonNumber("heapUsedBytes").longValue();
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(node.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring(8).strip());
            }
        }
        int fds;
        try (var list = Files.list(Path.of("/proc", Long.toString(node.pid()), "fd"))) {
            fds = (int) list.count();
        }
        return new NodeState(heap, threads, fds);
    }

    /** Pacing: returns {@code secondsIn} (plus {@code extra}) after {@code startNanos}, the scenario's schedule. */
    private static void sleepUntil(long startNanos, long secondsIn) throws InterruptedException {
        sleepUntil(startNanos, secondsIn, Duration.ZERO);
    }

    private static void sleepUntil(long startNanos, long secondsIn, Duration extra) throws InterruptedException {
        long left = startNanos + TimeUnit.SECONDS.toNanos(secondsIn) + extra.toNanos() - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** Waits out {@code period} of the scenario's schedule: pacing, not a wait for a condition. */
    private static void hold(Duration period) throws InterruptedException {
        sleepUntil(System.nanoTime(), 0, period);
    }

    /** Whether both subscribers of each channel have every publication of {@code acked} (one list per channel). */
    private static boolean allDelivered(List<List<Long>> acked, List<TrackingClient> trackers) {
        for (int ch = 0; ch < CHANNELS; ch++) {
            if (!trackers.get(2 * ch).hasAll(acked.get(ch)) || !trackers.get(2 * ch + 1).hasAll(acked.get(ch))) {
                return false;
            }
        }
        return true;
    }

    /** What the node's /api/info says of its broker; false when it cannot be asked. */
    private static boolean brokerReady(HeraldNode node) {
        try {
            return ClusterScenarios.json(node.api("GET", "/api/info", null).body()).getBoolean("brokerReady");
        } catch (Exception e) {
            return false;
        }
    }

    /** Open WebSocket connections over all nodes (/api/info), or -1 when a node cannot be asked. */
    private static int connections(List<HeraldNode> nodes) {
        int sum = 0;
        for (HeraldNode node : nodes) {
            try {
                sum += ClusterScenarios.json(node.api("GET", "/api/info", null).body()).getInt("connections");
            } catch (Exception e) {
                return -1;
            }
        }
        return sum;
    }

    private static void until(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Connection churn: short-lived clients on random nodes (connect, subscribe, unsubscribe-by-close),
     * and 48 KiB publications to the stalled subscribers' channel, several per second.
     */
    private static final class Churn extends Thread implements AutoCloseable {
        private final List<HeraldNode> nodes;
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicInteger bulk = new AtomicInteger();
        private final Thread bulkPublisher = new Thread(this::publishBulk, "soak-bulk");
        private volatile boolean stopped;

        Churn(List<HeraldNode> nodes) {
            super("soak-churn");
            setDaemon(true);
            this.nodes = nodes;
        }

        @Override
        public void run() {
            bulkPublisher.setDaemon(true);
            bulkPublisher.start();
            Random random = new Random(7);
            while (!stopped) {
                HeraldNode node = nodes.get(random.nextInt(nodes.size()));
                try (WsTestClient c = WsTestClient.connected(node.wsUri(), "churn")) {
                    c.result("subscribe", ",\"channel\":\"big:soak" + random.nextInt(CHANNELS) + "\"");
                    connections.incrementAndGet();
                } catch (Exception e) {
                    failures.incrementAndGet(); // a node or Redis is down right now
                }
            }
        }

        /** 48 KiB publications to the stalled subscribers' channel, about 20 a second (~1 MB/s). */
        private void publishBulk() {
            String body = "{\"channel\":\"chat:bulk\",\"data\":\"" + "x".repeat(48 * 1024) + "\"}";
            Random random = new Random(11);
            while (!stopped) {
                try {
                    if (nodes.get(random.nextInt(nodes.size())).api("POST", "/api/publish", body).statusCode() == 200) {
                        bulk.incrementAndGet();
                    }
                    Thread.sleep(50);
                } catch (Exception e) {
                    // down; the next round picks again
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            join(15_000);
            bulkPublisher.join(15_000);
        }
    }
}
