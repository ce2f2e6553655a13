package io.herald.hub;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one hub, cheap to update on the hot path. Read by the HTTP API, metrics and the dashboard. */
public final class HubStats {
    final AtomicLong connections = new AtomicLong();
    final AtomicLong subscriptions = new AtomicLong();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder publications = new LongAdder();
    final LongAdder deliveries = new LongAdder();
    final LongAdder slowConsumerCloses = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder limitCloses = new LongAdder();

    public long connections() {
        return connections.get();
    }

    public long subscriptions() {
        return subscriptions.get();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long publications() {
        return publications.sum();
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public long slowConsumerCloses() {
        return slowConsumerCloses.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public void countInbound() {
        messagesIn.increment();
    }

    public void countError() {
        errors.increment();
    }

    /** Connections refused or closed by a connection or rate limit (4504, 4007). */
    public long limitCloses() {
        return limitCloses.sum();
    }

    void countLimitClose() {
        limitCloses.increment();
    }
}
