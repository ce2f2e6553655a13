package io.herald.hub;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one transport ({@link Transport#kind()}): open connections, messages and bytes in and
 * out. Part of {@link HubStats}; cheap to update on the hot path.
 */
public final class TransportStats {
    /** The transports Herald has, in the order metrics list them. */
    public static final List<String> KINDS = List.of("websocket", "http_stream", "sse");

    private final String kind;
    final AtomicLong connections = new AtomicLong();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();

    TransportStats(String kind) {
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    public long connections() {
        return connections.get();
    }

    /** Commands received (one per client message, as {@link HubStats#messagesIn()}). */
    public long messagesIn() {
        return messagesIn.sum();
    }

    /** Writes completed: WebSocket frames, stream writes (a write may carry several queued messages). */
    public long messagesOut() {
        return messagesOut.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }
}
