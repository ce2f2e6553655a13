package io.herald.hub;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The push hub of one node, and the one entry point of every edge. A transport (WebSocket endpoint, or
 * any other that adapts a connection to {@link Transport}) calls, per connection: {@link #open}, then
 * each command ({@link #connect}, {@link #subscribe}, {@link #publish}, ...), then {@link #closed}.
 * A backend-facing edge uses {@link #server()}. Edges map results and {@link HubException}s to
 * replies or close codes; the hub never sees a container type. Backend hooks observe the clients
 * through {@link #observe}.
 *
 * <p>The work is split by concern: {@link Connections} (lifecycle and authentication),
 * {@link Subscriptions} (subscribe and recovery), {@link Channels} (publish, presence, history),
 * {@link ServerApi} (the backend's side), {@link Heartbeat} (timeouts) and {@link Delivery} (fan-out, on {@link DeliveryLanes}' threads).
 *
 * <p>Thread-safe. Publications reach subscribers only through the broker's listener ({@link Delivery}).
 */
public final class Hub implements AutoCloseable {
    private final HubConfig config;
    private final Broker broker;
    private final PresenceStore presence;
    private final HubStats stats = new HubStats();
    private final Observers observers = new Observers();
    private final ChannelRegistry registry;
    private final Channels channels;
    private final Subscriptions subscriptions;
    private final Connections connections;
    private final ServerApi server;
    private final Heartbeat heartbeat;
    private final DeliveryLanes delivery;
    private final String nodeId = UUID.randomUUID().toString().substring(0, 8);
    private final long startedMillis = System.currentTimeMillis();

    public Hub(HubConfig config, Broker broker, PresenceStore presence, Authenticator authenticator,
               FrameEncoder encoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.presence = Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(encoder, "encoder");
        this.registry = new ChannelRegistry(broker);
        SessionRegistry sessions = new SessionRegistry();
        this.channels = new Channels(config, broker, presence, stats);
        this.subscriptions = new Subscriptions(config, broker, presence, authenticator, encoder, registry, channels,
                stats, observers);
        presence.onExpired(subscriptions::expired); // a dead node's clients leave on the surviving nodes
        this.connections = new Connections(config, authenticator, encoder, stats, sessions, subscriptions, observers);
        this.server = new ServerApi(channels, registry, connections);
        // fan-out on delivery threads, one per core: see DeliveryLanes for why not on the publisher's thread
        this.delivery = DeliveryLanes.pooled(new Delivery(registry, encoder, stats, connections::deliveryGap,
                config.limits().outboundQueueBytes()),
                Math.max(1, Runtime.getRuntime().availableProcessors()), registry::subscriberCount);
        broker.start(delivery);
        this.heartbeat = new Heartbeat(config, sessions, encoder,
                () -> server.publishStats(config.statsChannel(), nodeId, stats));
        heartbeat.start();
    }

    public HubConfig config() {
        return config;
    }

    public HubStats stats() {
        return stats;
    }

    public String nodeId() {
        return nodeId;
    }

    /** Whether the broker's backend is reachable now (readiness for health checks and load balancers). */
    public boolean isReady() {
        return broker.isReady();
    }

    public long uptimeMillis() {
        return System.currentTimeMillis() - startedMillis;
    }

    /** How many channels have local subscribers. */
    public int channelCount() {
        return registry.channelNames().size();
    }

    /** The backend's operations: publish to any namespace, presence, history, channels, disconnects. */
    public ServerApi server() {
        return server;
    }

    /** Resolves a channel's namespace; {@code unknown_channel} if the namespace is not configured. */
    public NamespaceConfig namespaceOf(String channel) {
        return channels.namespaceOf(channel);
    }

    /** Registers an observer of this node's clients; see {@link HubObserver} for the contract. */
    public void observe(HubObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** The registered observers, in registration order (the edges find their hooks among them). */
    public List<HubObserver> observers() {
        return observers.list();
    }

    // ---- connection lifecycle (called by transports) --------------------------------------------

    /**
     * Registers a new connection. It must send {@code connect} within the connect timeout. When a limit
     * or shutdown refuses it, the transport is closed with the matching code and the session returned
     * is already {@link ClientSession.State#CLOSED}.
     */
    public ClientSession open(Transport transport) {
        return connections.open(transport);
    }

    /**
     * Registers a new connection of another protocol ({@code dialect}, null for Herald's own) under the
     * given connection id, which must be unique on this node.
     */
    public ClientSession open(Transport transport, Dialect dialect, String id) {
        return connections.open(transport, dialect, id);
    }

    /**
     * Signs a connected client in as {@code user} after connect (Pusher's {@code pusher:signin}): later
     * {@code server().disconnectUser} calls reach it.
     */
    public void identify(ClientSession session, String user) {
        connections.identify(session, user);
    }

    /** Handles the {@code connect} command: authenticates the token and applies the per-user limit. */
    public ConnectResult connect(ClientSession session, String token, String name) {
        return connections.connect(session, token, name);
    }

    /**
     * Connects a client whose identity was already decided (by the connect proxy, from the handshake's
     * cookies, or by another protocol's edge: Pusher connects as {@link Identity#ANONYMOUS} and authorizes
     * per channel): the same limits and bookkeeping as {@link #connect}, without a token.
     */
    public ConnectResult connectAs(ClientSession session, Identity identity, String name) {
        return connections.connectAs(session, identity, name);
    }

    /** Moves a connection's expiry (the refresh proxy extended it); epoch millis, 0 = never. */
    public void extendExpiry(ClientSession session, long expiresAtMillis) {
        ChannelAccess.requireConnected(session);
        session.expiresAt(expiresAtMillis);
    }

    /**
     * Handles the {@code refresh} command: a new token for the same user extends the connection.
     *
     * @return the new expiry (epoch millis, 0 = never)
     * @throws HubException {@code unauthorized} for a bad token or one of another user; the connection
     *                      stays open until its current expiry
     */
    public long refresh(ClientSession session, String token) {
        return connections.refresh(session, token);
    }

    /**
     * Counts one inbound message against the connection's rate limit.
     *
     * @return true when the message may be handled; false when it must be answered with
     *         {@code limit_exceeded} (or was not, because the connection is being closed for flooding)
     */
    public boolean admit(ClientSession session, long nowNanos) {
        return connections.admit(session, nowNanos);
    }

    /** The connection ended (any reason): ends its subscriptions and presence. Idempotent. */
    public void closed(ClientSession session, int code) {
        connections.closed(session, code, "");
    }

    /** The same, with the close reason phrase (observers report it). Idempotent. */
    public void closed(ClientSession session, int code, String reason) {
        connections.closed(session, code, reason);
    }

    /** Closes a connection from the server side: a {@code disconnect} push, then the close frame. */
    public void disconnect(ClientSession session, CloseCode code, String reason) {
        connections.disconnect(session, code, reason);
    }

    /** Closes a connection at once, dropping whatever is still queued for it (protocol violations). */
    public void disconnectNow(ClientSession session, CloseCode code, String reason) {
        session.disconnectNow(code, reason);
    }

    // ---- client commands ------------------------------------------------------------------------

    /**
     * Subscribes a client. {@code reply} is called with the result before any later live publication
     * is queued, so the caller must queue the reply frame inside it.
     */
    public void subscribe(ClientSession session, String channel, StreamPosition since,
                          Consumer<SubscribeResult> reply) {
        subscribe(session, channel, since, null, reply);
    }

    /**
     * Subscribes a client, checking channel authorization first: a user-limited channel
     * ({@code ns:#alice}) only for its user; a private namespace only with a subscription token.
     *
     * @param token the subscription token, or null
     */
    public void subscribe(ClientSession session, String channel, StreamPosition since, String token,
                          Consumer<SubscribeResult> reply) {
        subscriptions.subscribe(session, channel, since, token, null, reply);
    }

    /**
     * Subscribes a client with its own presence info for this channel ({@code member}, client id = the
     * session's id; null = the connection's info): presence, join and leave carry it.
     */
    public void subscribe(ClientSession session, String channel, StreamPosition since, String token,
                          ClientInfo member, Consumer<SubscribeResult> reply) {
        subscriptions.subscribe(session, channel, since, token, member, reply);
    }

    /**
     * Subscribes a client to a channel the application's backend granted it (a server-side subscription,
     * e.g. the connect proxy's {@code channels}): namespace options and limits apply, channel
     * authorization (private namespaces' tokens, user channels) does not, since the backend decided.
     */
    public void subscribeGranted(ClientSession session, String channel, Consumer<SubscribeResult> reply) {
        subscriptions.subscribe(session, channel, null, null, null, true, reply);
    }

    /** @throws HubException {@code not_subscribed} when the client does not hold the channel */
    public void unsubscribe(ClientSession session, String channel) {
        subscriptions.unsubscribe(session, channel);
    }

    /** Tells the observers that a subscriber found no cached publication (see {@link HubObserver#cacheMiss}). */
    public void reportCacheMiss(ClientSession session, String channel) {
        ClientInfo info = session.info();
        observers.tell(o -> o.cacheMiss(channel, info));
    }

    /** Publishes from a client, subject to the namespace's publish policy. */
    public StreamPosition publish(ClientSession session, String channel, Payload payload) {
        ChannelAccess.requireConnected(session);
        StreamPosition position = channels.publish(channel, payload, session, null);
        ClientInfo info = session.info();
        observers.tell(o -> o.clientPublished(channel, info, payload));
        return position;
    }

    /** The {@code presence} command, subject to the namespace's presence rules. */
    public Map<String, ClientInfo> presence(ClientSession session, String channel) {
        ChannelAccess.requireConnected(session);
        return channels.presence(channel, session);
    }

    /** The {@code history} command, subject to the namespace's history rules. */
    public HistoryStore.Page history(ClientSession session, String channel, int limit, StreamPosition since) {
        ChannelAccess.requireConnected(session);
        return channels.history(channel, limit, since, session);
    }

    // ---- shutdown -------------------------------------------------------------------------------

    /** Runs one heartbeat sweep as if the clock read {@code nowNanos} (tests). */
    void sweep(long nowNanos) {
        heartbeat.sweep(nowNanos);
    }

    /** Closes every client with 1001 at once and stops background work. Idempotent. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Shuts the hub down: refuses new connections, closes every client with 1001 "going away", spread
     * over {@code drain} in random order with jitter (so their reconnects reach the other nodes as a
     * trickle, not a storm), then stops the heartbeat, broker and presence store. Blocks the caller for
     * about {@code drain} when clients are connected. Idempotent: later calls return at once.
     */
    public void close(Duration drain) {
        if (!connections.beginShutdown()) {
            return;
        }
        heartbeat.stop();
        connections.drain(drain);
        broker.close();
        delivery.close();
        presence.close();
        observers.tell(HubObserver::hubClosed);
    }
}
