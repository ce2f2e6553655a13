package io.herald.websocket;

import io.herald.hub.DaemonThreads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs WebSocket closes off the caller's thread, one pool per bound hub.
 *
 * <p>Why: a container may block the closing thread until the close frame is written (Tomcat does),
 * and the hub closes slow consumers from the publishing thread, which must never wait on one
 * client's socket. {@link SessionTransport} also delays a close until the message in flight is done,
 * with a timeout scheduled here.
 *
 * <p>Threads are daemons, end after a second idle, and {@link #shutdown} stops them all, so an
 * undeployed application leaves none behind.
 */
final class SessionCloser {
    private static final System.Logger LOG = System.getLogger(SessionCloser.class.getName());
    private static final int THREADS = 4;

    private final DaemonThreads threads = DaemonThreads.numbered("herald-close-");
    private final ScheduledThreadPoolExecutor pool;
    private volatile boolean stopping;
    /** The pending tasks of {@link #scheduleWhileRunning}; guarded by itself while scheduling and cancelling. */
    private final Set<ScheduledFuture<?>> watches = ConcurrentHashMap.newKeySet();

    SessionCloser() {
        pool = new ScheduledThreadPoolExecutor(THREADS, threads);
        pool.setKeepAliveTime(1, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        pool.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code close} soon on a pool thread; after shutdown, on the caller's thread. */
    void submit(Runnable close) {
        try {
            pool.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }

    /** Runs {@code close} after {@code delayMillis} (it must be idempotent); after shutdown, at once. */
    void schedule(Runnable close, long delayMillis) {
        try {
            pool.schedule(close, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }

    /**
     * Runs {@code task} after {@code delayMillis} unless this closer is shut down first: for a last resort that
     * matters only while the server runs (a shutdown ends every connection anyway, and running the task early
     * would cut a close frame that is still on its way).
     */
    void scheduleWhileRunning(Runnable task, long delayMillis) {
        if (stopping) {
            return;
        }
        try {
            // cancelled at shutdown: a delayed task would otherwise keep the pool (and the undeploy) waiting
            ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
            Runnable once = () -> {
                synchronized (watches) { // after the scheduling below has recorded self[0]
                    watches.remove(self[0]);
                }
                if (!stopping) {
                    task.run();
                }
            };
            synchronized (watches) {
                self[0] = pool.schedule(once, delayMillis, TimeUnit.MILLISECONDS);
                watches.add(self[0]);
            }
        } catch (RejectedExecutionException e) {
            // shut down meanwhile: nothing left to guard
        }
    }

    /**
     * Runs every queued close now, delayed ones too (a close still waiting for its send in flight),
     * waits for them (at most {@code waitMillis}), then stops every thread.
     */
    void shutdown(long waitMillis) {
        stopping = true;
        synchronized (watches) {
            watches.forEach(w -> w.cancel(false));
            watches.clear();
        }
        List<Runnable> pending = new ArrayList<>();
        pool.getQueue().drainTo(pending);
        for (Runnable task : pending) {
            task.run();
        }
        pool.shutdown();
        if (!threads.awaitEnd(pool, Duration.ofMillis(waitMillis))) {
            LOG.log(System.Logger.Level.WARNING, "closes still running after {0} ms; interrupting them",
                    String.valueOf(waitMillis));
            threads.stop(pool, Duration.ofSeconds(1));
        }
    }
}
