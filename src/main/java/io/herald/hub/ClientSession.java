package io.herald.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hub's state for one WebSocket connection. Created by {@link Hub#open}, ended by {@link Hub#closed}.
 */
public final class ClientSession {

    /** Lifecycle; moves only forward, by compare-and-set. */
    public enum State { OPEN, CONNECTED, CLOSED }

    private final String id;
    private final Transport transport;
    private final OutboundQueue queue;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    // a table of 4, not 16: most clients hold a channel or two (it grows as usual past 3)
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>(2);
    private final long openedNanos;
    private volatile ClientInfo info;
    private volatile long lastReceivedNanos;
    private volatile long lastPingNanos;
    private volatile long expiresAtMillis;
    private final CommandRate commandRate;
    private volatile long closingSinceNanos;
    private volatile CloseCode closingCode;
    private volatile Dialect dialect;

    ClientSession(String id, Transport transport, Limits limits, Runnable onOverflow, long nowNanos) {
        this(id, transport, limits, onOverflow, (bytes, originNanos) -> { }, nowNanos);
    }

    ClientSession(String id, Transport transport, Limits limits, Runnable onOverflow,
                  OutboundQueue.SendListener onSent, long nowNanos) {
        this.id = id;
        this.transport = transport;
        this.queue = new OutboundQueue(transport, limits.outboundQueueBytes(), limits.outboundQueueMessages(),
                onOverflow, onSent);
        this.openedNanos = nowNanos;
        this.lastReceivedNanos = nowNanos;
        this.lastPingNanos = nowNanos;
        this.info = new ClientInfo(id, "", "");
        this.commandRate = new CommandRate(limits, nowNanos);
    }

    public String id() {
        return id;
    }

    /** The protocol of this connection when it is not Herald's own, else null. */
    public Dialect dialect() {
        return dialect;
    }

    void dialect(Dialect value) {
        dialect = value;
    }

    public State state() {
        return state.get();
    }

    public ClientInfo info() {
        return info;
    }

    public String remoteAddress() {
        return transport.remoteAddress();
    }

    /** The transport carrying this connection ({@link Transport#kind()}). */
    public String transportKind() {
        return transport.kind();
    }

    /** Queues a frame (reply or push) for this client; false when the client is gone or overflowed. */
    public boolean send(Frame frame) {
        return queue.offer(frame);
    }

    /** Queues a frame from one of the hub's background threads (see {@link OutboundQueue#offerFromBackground}). */
    boolean sendFromBackground(Frame frame) {
        return queue.offerFromBackground(frame);
    }

    /** Queues a publication's frame; {@code originNanos} is when it was published, for latency metrics. */
    public boolean send(Frame frame, long originNanos) {
        return queue.offer(frame, originNanos);
    }

    /** Marks activity from the client; any inbound message counts. */
    public void touch(long nowNanos) {
        lastReceivedNanos = nowNanos;
    }

    public int subscriptionCount() {
        return subscriptions.size();
    }

    public boolean isSubscribed(String channel) {
        return subscriptions.containsKey(channel);
    }

    /** When the connection's credentials expire (epoch millis), or 0 for never. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    void expiresAt(long millis) {
        expiresAtMillis = millis;
    }

    CommandRate commandRate() {
        return commandRate;
    }

    OutboundQueue queue() {
        return queue;
    }

    Transport transport() {
        return transport;
    }

    boolean markConnected(ClientInfo connectedInfo) {
        if (state.compareAndSet(State.OPEN, State.CONNECTED)) {
            info = connectedInfo;
            return true;
        }
        return false;
    }

    void rename(ClientInfo newInfo) {
        info = newInfo;
    }

    /** @return the state before; {@link State#CLOSED} when it was closed already */
    State markClosed() {
        return state.getAndSet(State.CLOSED);
    }

    /**
     * Closes from the server side: queues {@code notice} (the {@code disconnect} push), then the close
     * frame once the queue drained; records when, so a client that never drains can be cut.
     */
    void disconnect(Frame notice, CloseCode code, String reason, long nowNanos) {
        closing(code, nowNanos);
        send(notice);
        queue.closeAfterDrain(code, reason);
    }

    /** Closes at once, dropping whatever is still queued (protocol violations, clients that never drain). */
    void disconnectNow(CloseCode code, String reason) {
        queue.discard();
        transport.close(code.code(), reason);
    }

    Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    long openedNanos() {
        return openedNanos;
    }

    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    /** The server asked this client to go; records when, so a client that never drains can be cut. */
    void closing(CloseCode code, long nowNanos) {
        if (closingCode == null) {
            closingSinceNanos = nowNanos;
            closingCode = code;
        }
    }

    CloseCode closingCode() {
        return closingCode;
    }

    long closingSinceNanos() {
        return closingSinceNanos;
    }

    void pinged(long nowNanos) {
        lastPingNanos = nowNanos;
    }
}
