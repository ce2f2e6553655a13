package io.herald.hub;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

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
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    private final Map<ErrorCode, LongAdder> errorsByCode = new EnumMap<>(ErrorCode.class);
    private final Map<String, TransportStats> byTransport = new LinkedHashMap<>();
    private volatile LongConsumer publishToSend = nanos -> { };

    public HubStats() {
        for (ErrorCode code : ErrorCode.values()) {
            errorsByCode.put(code, new LongAdder());
        }
        for (String kind : TransportStats.KINDS) {
            byTransport.put(kind, new TransportStats(kind));
        }
    }

    /** The counters of one transport ({@link TransportStats#KINDS}); an unknown kind counts as WebSocket. */
    public TransportStats transport(String kind) {
        TransportStats t = byTransport.get(kind);
        return t != null ? t : byTransport.get("websocket");
    }

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

    /** One command received over {@code transport}. */
    public void countInbound(String transport) {
        messagesIn.increment();
        transport(transport).messagesIn.increment();
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

    /** Counts an error reply, refused request or protocol violation under its stable code. */
    public void countError(ErrorCode code) {
        errors.increment();
        errorsByCode.get(code).increment();
    }

    public long errors(ErrorCode code) {
        return errorsByCode.get(code).sum();
    }

    /** Bytes of inbound messages (text counted in UTF-16 units, as queued; binary in bytes). */
    public void countBytesIn(long bytes) {
        bytesIn.add(bytes);
    }

    /** Bytes of inbound messages over {@code transport}. */
    public void countBytesIn(String transport, long bytes) {
        bytesIn.add(bytes);
        transport(transport).bytesIn.add(bytes);
    }

    /** Bytes of outbound frames that were written (text in UTF-16 units, like {@link Frame#size()}). */
    public void countBytesOut(long bytes) {
        bytesOut.add(bytes);
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /**
     * Where publish-to-send latencies go (nanoseconds from a publication's publish to the completed
     * write of the frame carrying it, per recipient). The metrics layer sets it; the default drops them.
     */
    public void onPublishToSend(LongConsumer sink) {
        publishToSend = sink == null ? nanos -> { } : sink;
    }

    void recordPublishToSend(long nanos) {
        publishToSend.accept(nanos);
    }
}
