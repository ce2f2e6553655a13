package io.herald.hub;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonThreadsTest {

    @Test
    void threadsAreNamedDaemons() throws Exception {
        DaemonThreads named = DaemonThreads.named("x-timer");
        DaemonThreads numbered = DaemonThreads.numbered("x-pool-");
        Thread a = named.newThread(() -> { });
        Thread b = numbered.newThread(() -> { });
        Thread c = numbered.newThread(() -> { });
        assertEquals("x-timer", a.getName());
        assertEquals(List.of("x-pool-1", "x-pool-2"), List.of(b.getName(), c.getName()));
        assertTrue(a.isDaemon() && b.isDaemon() && c.isDaemon());
    }

    /**
     * The leak a container reports: right after {@code awaitTermination} the executor's last thread may
     * still be alive. After {@code stop} none is, in any of many tries.
     */
    @Test
    void noThreadIsAliveOnceStopReturns() throws Exception {
        for (int i = 0; i < 300; i++) {
            DaemonThreads threads = DaemonThreads.named("t");
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
            AtomicReference<Thread> worker = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            timer.execute(() -> {
                worker.set(Thread.currentThread());
                ran.countDown();
            });
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            threads.stop(timer, Duration.ofSeconds(5));
            assertFalse(worker.get().isAlive(), "try " + i + ": the executor's thread outlived stop");
        }
    }

    @Test
    void stopReturnsTheTasksThatNeverRan() throws Exception {
        DaemonThreads threads = DaemonThreads.named("t");
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertEquals(1, threads.stop(timer, Duration.ofSeconds(5)).size());
        assertTrue(timer.isTerminated());
    }

    @Test
    void awaitEndWaitsForRunningTasksAndSaysWhenTheyOutlastIt() throws Exception {
        DaemonThreads threads = DaemonThreads.numbered("p-");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        pool.shutdown();
        assertFalse(threads.awaitEnd(pool, Duration.ofMillis(100)), "a task still runs: not ended");
        release.countDown();
        assertTrue(threads.awaitEnd(pool, Duration.ofSeconds(5)));
    }

    @Test
    void awaitEndFromOneOfItsOwnThreadsReturnsAtOnce() throws Exception {
        DaemonThreads threads = DaemonThreads.named("self");
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
        CountDownLatch done = new CountDownLatch(1);
        long[] tookMillis = {-1};
        boolean[] ended = {true};
        timer.execute(() -> {
            long t0 = System.nanoTime();
            timer.shutdown();
            ended[0] = threads.awaitEnd(timer, Duration.ofSeconds(30));
            tookMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "it waited for itself");
        assertFalse(ended[0]);
        assertTrue(tookMillis[0] < 5_000, "took " + tookMillis[0] + " ms");
    }
}
