package io.herald.hub;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Spreads the shutdown closes over a drain window, in random order with jitter, so the clients'
 * reconnects reach the other nodes as a trickle rather than a storm.
 */
final class ShutdownDrain {

    private ShutdownDrain() {
    }

    /**
     * Runs {@code close} for every client, the i-th at a random moment of the i-th slot of
     * {@code window}; blocks the caller for about the window. A zero window closes all at once.
     *
     * @return how many clients were closed
     */
    static <T> int spread(List<T> clients, Duration window, Consumer<T> close) {
        Collections.shuffle(clients);
        long start = System.nanoTime();
        long span = window.toNanos();
        for (int i = 0; i < clients.size(); i++) {
            if (span > 0) {
                long slot = span / clients.size();
                long due = start + slot * i + (long) (ThreadLocalRandom.current().nextDouble() * slot);
                LockSupport.parkNanos(due - System.nanoTime());
            }
            close.accept(clients.get(i));
        }
        return clients.size();
    }
}
