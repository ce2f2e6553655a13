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

/**
 * The single-node broker. Append and fan-out of one channel happen under that channel's lock (from a
 * fixed pool), which gives gap-free offsets and in-order delivery; delivery is synchronous, so when
 * {@code publish} returns every local subscriber has the frame queued. Like every broker it delivers
 * only channels this node subscribed to, so the listener sees the same calls as with Redis.
 */
public final class InMemoryBroker implements Broker {
    private static final int LOCKS = 4096;
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);
    private static final int IDEMPOTENCY_PURGE_SIZE = 10_000;

    private final InMemoryHistoryStore history;
    private final Object[] locks = new Object[LOCKS];
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
        synchronized (locks[(channel.hashCode() & 0x7fffffff) % LOCKS]) {
            if (key != null) {
                Remembered seen = idempotency.get(key);
                if (seen != null && seen.expiresAtMillis > now) {
                    return seen.position;
                }
            }
            Publication publication = new Publication(channel, 0, payload, info, now);
            StreamPosition position = StreamPosition.NONE;
            if (options.keepsHistory()) {
                HistoryStore.Appended appended = history.append(publication, options);
                publication = appended.publication();
                position = appended.position();
            }
            if (key != null) {
                remember(key, position, now);
            }
            BrokerListener l = listener;
            if (l != null && subscribed.contains(channel)) {
                l.onPublication(publication);
            }
            return position;
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
