package io.herald.hub.memory;

import io.herald.hub.Broker;
import io.herald.hub.BrokerListener;
import io.herald.hub.ClientInfo;
import io.herald.hub.HistoryStore;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single-node broker. Sequencing of one channel (idempotency check, history append, offset) happens under
 * that channel's lock (from a fixed pool), which gives gap-free offsets; the fan-out happens after the lock is
 * released, so one channel's fan-out never holds up a publish to another channel or the next publish to it.
 * Like every broker it delivers only channels this node subscribed to, so the listener sees the same calls as
 * with Redis.
 *
 * <p>Order per channel is kept by a {@link Lane} per lock: the publication is enqueued under the lock (so the
 * lane's order is offset order), and after unlocking the publisher hands what its lane holds to the listener
 * unless another thread already is (flat combining: one drainer per lane, in order). The hub's listener only
 * queues it for its delivery threads ({@code DeliveryLanes}), so the hand-over is short.
 */
public final class InMemoryBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(InMemoryBroker.class.getName());
    private static final int LOCKS = 4096;
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);
    private static final int IDEMPOTENCY_PURGE_SIZE = 10_000;

    private final InMemoryHistoryStore history;
    private final Object[] locks = new Object[LOCKS];
    private final Lane[] lanes = new Lane[LOCKS];
    private final Map<String, Remembered> idempotency = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile BrokerListener listener;

    public InMemoryBroker() {
        this(new InMemoryHistoryStore());
    }

    public InMemoryBroker(InMemoryHistoryStore history) {
        this.history = history;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
            lanes[i] = new Lane();
        }
    }

    @Override
    public void start(BrokerListener brokerListener) {
        this.listener = brokerListener;
    }

    @Override
    public StreamPosition publish(String channel, Payload payload, ClientInfo info, PublishOptions options) {
        long now = System.currentTimeMillis();
        String key = options.idempotencyKey() == null ? null : channel + '\u0000' + options.idempotencyKey();
        int stripe = (channel.hashCode() & 0x7fffffff) % LOCKS;
        StreamPosition position = StreamPosition.NONE;
        synchronized (locks[stripe]) {
            if (key != null) {
                Remembered seen = idempotency.get(key);
                if (seen != null && seen.expiresAtMillis > now) {
                    return seen.position;
                }
            }
            Publication publication = new Publication(channel, 0, payload, info, now);
            if (options.keepsHistory()) {
                HistoryStore.Appended appended = history.append(publication, options);
                publication = appended.publication();
                position = appended.position();
            }
            if (key != null) {
                remember(key, position, now);
            }
            if (subscribed.contains(channel)) {
                lanes[stripe].pending.add(publication);
            }
        }
        lanes[stripe].drain(listener);
        return position;
    }

    /** Publications sequenced under one lock and not yet delivered, in offset order; one drainer at a time. */
    private static final class Lane {
        final ConcurrentLinkedQueue<Publication> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean draining = new AtomicBoolean();

        void drain(BrokerListener listener) {
            while (!pending.isEmpty() && draining.compareAndSet(false, true)) {
                try {
                    for (Publication p; (p = pending.poll()) != null; ) {
                        deliver(listener, p);
                    }
                } finally {
                    draining.set(false);
                }
                // a publication enqueued after the last poll but before draining was cleared is picked up here
            }
        }

        private static void deliver(BrokerListener listener, Publication p) {
            if (listener == null) {
                return;
            }
            try {
                listener.onPublication(p);
            } catch (RuntimeException e) {
                // one publication's failure must not strand the ones queued behind it on this lane
                LOG.log(System.Logger.Level.WARNING, "delivery of a publication on {0} failed: {1}", p.channel(), e.toString());
            }
        }
    }

    private void remember(String key, StreamPosition position, long now) {
        if (idempotency.size() >= IDEMPOTENCY_PURGE_SIZE) {
            idempotency.values().removeIf(r -> r.expiresAtMillis <= now);
        }
        idempotency.put(key, new Remembered(position, now + IDEMPOTENCY_WINDOW.toMillis()));
    }

    @Override
    public void publishJoin(String channel, ClientInfo info) {
        BrokerListener l = listener;
        if (l != null && subscribed.contains(channel)) {
            l.onJoin(channel, info);
        }
    }

    @Override
    public void publishLeave(String channel, ClientInfo info) {
        BrokerListener l = listener;
        if (l != null && subscribed.contains(channel)) {
            l.onLeave(channel, info);
        }
    }

    @Override
    public void subscribe(String channel) {
        subscribed.add(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        subscribed.remove(channel);
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public void close() {
        listener = null;
        subscribed.clear();
    }

    private record Remembered(StreamPosition position, long expiresAtMillis) {
    }
}
