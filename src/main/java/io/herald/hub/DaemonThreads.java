package io.herald.hub;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread factory for Herald's executors that remembers the daemon threads it made, so that {@link #stop}
 * can wait for the threads themselves to end and not only for their executor to terminate.
 *
 * <p>Why both: an executor reports termination from inside its last worker, just before that thread runs
 * off its end; for a moment after {@code awaitTermination} returns the thread is still alive. Tomcat checks
 * the application's threads right after the undeploy and reports one caught in that moment as a leak
 * ("appears to have started a thread named [...] but has failed to stop it"), a clean-clone run saw it.
 * Thread-safe.
 */
public final class DaemonThreads implements ThreadFactory {
    private static final System.Logger LOG = System.getLogger(DaemonThreads.class.getName());

    private final String name;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    private DaemonThreads(String name, boolean numbered) {
        this.name = name;
        this.numbered = numbered;
    }

    /** Threads all called {@code name} (for executors of one thread). */
    public static DaemonThreads named(String name) {
        return new DaemonThreads(name, false);
    }

    /** Threads called {@code prefix1}, {@code prefix2}, ... (for pools). */
    public static DaemonThreads numbered(String prefix) {
        return new DaemonThreads(prefix, true);
    }

    @Override
    public Thread newThread(Runnable task) {
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED); // a pool's retired ones
        Thread t = new Thread(task, numbered ? name + count.incrementAndGet() : name);
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    /**
     * Stops {@code executor} now (its queued tasks are dropped and returned, running ones interrupted) and
     * waits, at most {@code timeout} in all, until every thread this factory made has ended.
     *
     * @return the tasks that never ran
     */
    public List<Runnable> stop(ExecutorService executor, Duration timeout) {
        List<Runnable> dropped = executor.shutdownNow();
        awaitEnd(executor, timeout);
        return dropped;
    }

    /**
     * Waits, at most {@code timeout} in all, until {@code executor} (already shut down by the caller) has
     * terminated and every thread this factory made has ended. Called from one of those threads, it
     * returns at once.
     *
     * @return whether everything ended in time
     */
    public boolean awaitEnd(ExecutorService executor, Duration timeout) {
        if (threads.contains(Thread.currentThread())) {
            return false; // called from one of its own tasks: it cannot wait for itself
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "{0}: tasks still running after {1} ms", name,
                        String.valueOf(timeout.toMillis()));
                return false;
            }
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !join(t, left)) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: thread {1} still alive after {2} ms", name,
                            t.getName(), String.valueOf(timeout.toMillis()));
                    return false;
                }
            }
            threads.clear();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean join(Thread t, long nanos) throws InterruptedException {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        return !t.isAlive();
    }
}
