package io.herald.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes the fan-out off the thread that hands a publication in (the publisher's command, an HTTP request, the
 * Redis subscriber), and delivers a channel's queued publications together: the broker's calls are queued per
 * channel (one lane per channel hash) and a small pool of delivery threads drains the lanes; what a drain finds
 * queued for one channel goes to the target as one {@link BrokerListener#onPublications} call, which writes
 * them to each subscriber in one frame.
 *
 * <p>Why: delivered on the publisher's thread, a publication to 1,000 subscribers costs 1,000 socket writes
 * before that thread reads the next command, so under load every publication paid its own 1,000 writes. Here
 * the publisher returns as soon as its publication is queued; while a fan-out runs, the next publications
 * gather behind it, and the next drain sends them to each subscriber in one write. The batch grows with the
 * load and is one publication when the node is idle, so no latency is added to wait for company.
 *
 * <p>Keeps the {@link BrokerListener} contract towards the target: for one channel, one call at a time, in the
 * order the broker made them (publications, joins and leaves alike). Thread-safe.
 */
final class DeliveryLanes implements BrokerListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeliveryLanes.class.getName());
    private static final int LANES = 1024;
    /**
     * Channels with fewer local subscribers are delivered on the caller's thread (through the same lanes, so in
     * order): waking a delivery thread costs two context switches, about what 3-5 socket writes cost, and a
     * many-channels load (10 subscribers per channel) measured 29 us per delivery handed off against 23 inline
     * (2026-12-08, bench/results/batching-2026-12-08.md).
     */
    static final int HAND_OFF_SUBSCRIBERS = 32;

    private final BrokerListener target;
    private final Executor executor;
    private final Runnable stop;
    private final java.util.function.ToIntFunction<String> subscribers;
    private final Lane[] lanes = new Lane[LANES];

    private DeliveryLanes(BrokerListener target, Executor executor, Runnable stop,
                          java.util.function.ToIntFunction<String> subscribers) {
        this.target = target;
        this.executor = executor;
        this.stop = stop;
        this.subscribers = subscribers;
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new Lane();
        }
    }

    /**
     * Lanes drained by {@code threads} daemon threads named herald-delivery1, 2, ..., for channels with at least
     * {@link #HAND_OFF_SUBSCRIBERS} local subscribers ({@code subscribers} tells how many a channel has); smaller
     * fan-outs run on the caller's thread, in the same lanes.
     */
    static DeliveryLanes pooled(BrokerListener target, int threads, java.util.function.ToIntFunction<String> subscribers) {
        DaemonThreads factory = DaemonThreads.numbered("herald-delivery");
        ExecutorService pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory);
        return new DeliveryLanes(target, pool, () -> {
            pool.shutdown();
            factory.awaitEnd(pool, Duration.ofSeconds(2));
        }, subscribers);
    }

    /** As {@link #pooled(BrokerListener, int, java.util.function.ToIntFunction)}, every channel handed off. */
    static DeliveryLanes pooled(BrokerListener target, int threads) {
        return pooled(target, threads, channel -> Integer.MAX_VALUE);
    }

    /**
     * Lanes drained by the thread that queued into an idle lane, before it returns (the others return at once and
     * the drainer delivers theirs): delivery finishes inside the broker's call when nothing else is delivering.
     */
    static DeliveryLanes inline(BrokerListener target) {
        return new DeliveryLanes(target, Runnable::run, () -> { }, channel -> 0);
    }

    @Override
    public void onPublication(Publication publication) {
        enqueue(publication.channel(), publication);
    }

    @Override
    public void onJoin(String channel, ClientInfo info) {
        enqueue(channel, new Presence(channel, info, true));
    }

    @Override
    public void onLeave(String channel, ClientInfo info) {
        enqueue(channel, new Presence(channel, info, false));
    }

    /** Concerns every channel at once, so it does not queue: the target recovers every subscription. */
    @Override
    public void onDeliveryGap() {
        target.onDeliveryGap();
    }

    private void enqueue(String channel, Object event) {
        Lane lane = lanes[(channel.hashCode() & 0x7fffffff) % LANES];
        lane.pending.add(event);
        if (lane.scheduled.compareAndSet(false, true)) {
            if (subscribers.applyAsInt(channel) < HAND_OFF_SUBSCRIBERS) {
                lane.run();
                return;
            }
            try {
                executor.execute(lane);
            } catch (RejectedExecutionException e) {
                lane.run(); // shutting down: deliver here rather than strand it
            }
        }
    }

    /** Stops the delivery threads; what is still queued is delivered first, for at most 2 s. */
    @Override
    public void close() {
        stop.run();
    }

    /** A join or leave, queued in its channel's order. */
    private record Presence(String channel, ClientInfo info, boolean join) {
    }

    /**
     * One lane's queue. {@code scheduled} is true from the enqueue that hands the lane to the executor until its
     * drain finds the queue empty, so one thread at a time drains a lane and its events keep their order.
     */
    private final class Lane implements Runnable {
        final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        @Override
        public void run() {
            do {
                try {
                    drain();
                } finally {
                    // also after an Error out of the target: a lane left scheduled would hold its channels forever
                    // (what is still queued then goes with the next event's drain)
                    scheduled.set(false);
                }
                // an event queued after the last poll but before scheduled was cleared found it set: take it here
            } while (!pending.isEmpty() && scheduled.compareAndSet(false, true));
        }

        /** Delivers what is queued; consecutive publications of one channel go in one call. */
        private void drain() {
            List<Publication> run = new ArrayList<>();
            for (Object event; (event = pending.poll()) != null; ) {
                if (event instanceof Publication p && (run.isEmpty() || run.get(0).channel().equals(p.channel()))) {
                    run.add(p);
                    continue;
                }
                deliver(run);
                run = new ArrayList<>();
                if (event instanceof Publication p) {
                    run.add(p);
                } else {
                    deliver((Presence) event);
                }
            }
            deliver(run);
        }

        private void deliver(List<Publication> run) {
            if (run.isEmpty()) {
                return;
            }
            try {
                if (run.size() == 1) {
                    target.onPublication(run.get(0));
                } else {
                    target.onPublications(run);
                }
            } catch (RuntimeException e) {
                // one fan-out's failure must not strand what is queued behind it on this lane
                LOG.log(System.Logger.Level.WARNING, "delivery on {0} failed: {1}", run.get(0).channel(), e.toString());
            }
        }

        private void deliver(Presence event) {
            try {
                if (event.join()) {
                    target.onJoin(event.channel(), event.info());
                } else {
                    target.onLeave(event.channel(), event.info());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "presence push on {0} failed: {1}", event.channel(), e.toString());
            }
        }
    }
}
