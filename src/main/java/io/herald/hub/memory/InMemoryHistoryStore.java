package io.herald.hub.memory;

import io.herald.hub.HistoryStore;
import io.herald.hub.Publication;
import io.herald.hub.PublishOptions;
import io.herald.hub.StreamPosition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Streams kept in this JVM's heap. A new JVM means new epochs, so clients of a restarted node learn
 * that their positions are gone ({@code recovered: false}) instead of silently missing messages.
 *
 * <p>A stream idle for longer than its TTL (and at least {@link #MIN_IDLE_RETENTION}) is dropped by a
 * periodic purge, so channels that come and go do not leak memory; its next append starts a new epoch.
 */
public final class InMemoryHistoryStore implements HistoryStore {
    static final Duration MIN_IDLE_RETENTION = Duration.ofMinutes(10);
    private static final int PURGE_EVERY_APPENDS = 4096;

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final AtomicLong appends = new AtomicLong();

    public InMemoryHistoryStore() {
        this(System::currentTimeMillis);
    }

    /** @param clock epoch-millis source, replaceable in tests */
    public InMemoryHistoryStore(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Appended append(Publication publication, PublishOptions options) {
        long now = clock.getAsLong();
        Stream stream = streams.computeIfAbsent(publication.channel(), c -> new Stream(now));
        Appended appended;
        synchronized (stream) {
            stream.trim(now);
            long offset = ++stream.offset;
            Publication stored = publication.withOffset(offset);
            stream.items.addLast(new Entry(stored, now + options.historyTtl().toMillis()));
            while (stream.items.size() > options.historySize()) {
                stream.items.removeFirst();
            }
            stream.lastUsedMillis = now;
            stream.retainMillis = Math.max(options.historyTtl().toMillis(), MIN_IDLE_RETENTION.toMillis());
            appended = new Appended(stored, new StreamPosition(offset, stream.epoch));
        }
        if (appends.incrementAndGet() % PURGE_EVERY_APPENDS == 0) {
            purgeIdle(now);
        }
        return appended;
    }

    @Override
    public Page read(String channel, long sinceOffset, int limit) {
        long now = clock.getAsLong();
        Stream stream = streams.computeIfAbsent(channel, c -> new Stream(now));
        synchronized (stream) {
            stream.trim(now);
            stream.lastUsedMillis = Math.max(stream.lastUsedMillis, now);
            List<Publication> result = new ArrayList<>();
            for (Entry e : stream.items) {
                if (result.size() >= limit) {
                    break;
                }
                if (e.publication.offset() > sinceOffset) {
                    result.add(e.publication);
                }
            }
            long earliest = stream.items.isEmpty() ? 0 : stream.items.peekFirst().publication.offset();
            return new Page(new StreamPosition(stream.offset, stream.epoch), result, earliest);
        }
    }

    @Override
    public StreamPosition position(String channel) {
        return read(channel, Long.MAX_VALUE, 0).position();
    }

    /** Drops streams unused for longer than their retention. */
    public void purgeIdle(long nowMillis) {
        streams.entrySet().removeIf(e -> {
            Stream s = e.getValue();
            synchronized (s) {
                return nowMillis - s.lastUsedMillis > s.retainMillis;
            }
        });
    }

    int streamCount() {
        return streams.size();
    }

    private record Entry(Publication publication, long expiresAtMillis) {
    }

    private static final class Stream {
        final String epoch = UUID.randomUUID().toString().substring(0, 8);
        // 2 slots, not 17: a stream exists as soon as a client subscribes (its position), and most personal
        // channels of idle clients never get a publication; the deque grows by 2 and then by half as it fills
        final ArrayDeque<Entry> items = new ArrayDeque<>(1);
        long offset;
        long lastUsedMillis;
        long retainMillis = MIN_IDLE_RETENTION.toMillis();

        Stream(long now) {
            lastUsedMillis = now;
        }

        void trim(long now) {
            while (!items.isEmpty() && items.peekFirst().expiresAtMillis <= now) {
                items.removeFirst();
            }
        }
    }
}
