package io.herald.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The push hub of one node: connections, subscriptions, publications, presence and history.
 * Edges (WebSocket endpoint, HTTP API) decode input, call these methods and map results and
 * {@link HubException}s to replies; the hub never sees a container type.
 *
 * <p>Thread-safe. Publications reach subscribers only through the broker's listener ({@link Delivery}).
 */
public final class Hub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Hub.class.getName());

    private final HubConfig config;
    private final Broker broker;
    private final PresenceStore presence;
    private final Authenticator authenticator;
    private final FrameEncoder encoder;
    private final ChannelRegistry channels;
    private final SessionRegistry sessions = new SessionRegistry();
    private final HubStats stats = new HubStats();
    private final Heartbeat heartbeat;
    private final String nodeId = UUID.randomUUID().toString().substring(0, 8);
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicBoolean closing = new AtomicBoolean();

    public Hub(HubConfig config, Broker broker, PresenceStore presence, Authenticator authenticator,
               FrameEncoder encoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.channels = new ChannelRegistry(broker);
        broker.start(new Delivery(channels, encoder, stats, this::deliveryGap));
        this.heartbeat = new Heartbeat(this);
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

    public Broker broker() {
        return broker;
    }

    // ---- connection lifecycle -------------------------------------------------------------------

    /** Registers a new connection. It must send {@code connect} within the connect timeout. */
    public ClientSession open(Transport transport) {
        return open(transport, null, UUID.randomUUID().toString());
    }

    /**
     * Registers a new connection of another protocol ({@code dialect}, null for Herald's own) under the
     * given connection id, which must be unique on this node.
     */
    public ClientSession open(Transport transport, Dialect dialect, String id) {
        ClientSession[] holder = new ClientSession[1];
        ClientSession session = new ClientSession(id, transport, config.limits(),
                () -> slowConsumer(holder[0]), this::sent, System.nanoTime());
        session.dialect(dialect);
        holder[0] = session;
        if (closing.get()) {
            session.markClosed();
            transport.close(CloseCode.GOING_AWAY.code(), "server shutting down");
            return session;
        }
        int max = config.limits().maxConnections();
        if (max > 0 && sessions.size() >= max) {
            session.markClosed();
            transport.close(CloseCode.NODE_FULL.code(), "node connection limit reached");
            return session;
        }
        if (!sessions.add(session, config.limits().maxConnectionsPerIp())) {
            session.markClosed();
            stats.countLimitClose();
            transport.close(CloseCode.CONNECTION_LIMIT.code(), "too many connections from this address");
            return session;
        }
        stats.connections.incrementAndGet();
        return session;
    }

    /** Handles the {@code connect} command. */
    public ConnectResult connect(ClientSession session, String token, String name) {
        if (session.state() == ClientSession.State.CONNECTED) {
            throw new HubException(ErrorCode.ALREADY_CONNECTED, "already connected");
        }
        if (session.state() == ClientSession.State.CLOSED) {
            throw new HubException(ErrorCode.NOT_CONNECTED, "connection is closed");
        }
        Identity identity;
        try {
            identity = authenticator.authenticate(token);
        } catch (HubException e) {
            LOG.log(System.Logger.Level.INFO, "connect refused client={0} remote={1}: {2}", session.id(),
                    session.remoteAddress(), e.getMessage());
            throw e.closing(CloseCode.UNAUTHORIZED);
        }
        return connectAs(session, identity, name);
    }

    /**
     * Connects a client whose edge has already established who it is (a protocol that authenticates
     * per channel, like Pusher's, connects as {@link Identity#ANONYMOUS}).
     */
    public ConnectResult connectAs(ClientSession session, Identity identity, String name) {
        int perUser = config.limits().maxConnectionsPerUser();
        if (perUser > 0 && !identity.user().isEmpty() && sessions.countByUser(identity.user()) >= perUser) {
            // best effort: concurrent connects of one user may overshoot by a few
            stats.countLimitClose();
            throw new HubException(ErrorCode.LIMIT_EXCEEDED, "too many connections for this user",
                    CloseCode.CONNECTION_LIMIT);
        }
        ClientInfo info = new ClientInfo(session.id(), identity.user(), name);
        if (!session.markConnected(info)) {
            throw new HubException(ErrorCode.ALREADY_CONNECTED, "already connected");
        }
        session.expiresAt(identity.expiresAtMillis());
        sessions.connected(session);
        LOG.log(System.Logger.Level.INFO, "connect client={0} user={1} remote={2}", session.id(),
                identity.user(), session.remoteAddress());
        return new ConnectResult(session.id(), identity.user(), config.pingInterval().toSeconds(),
                identity.expiresAtMillis());
    }

    /**
     * Handles the {@code refresh} command: a new token for the same user extends the connection.
     *
     * @return the new expiry (epoch millis, 0 = never)
     * @throws HubException {@code unauthorized} for a bad token or one of another user; the connection
     *                      stays open until its current expiry
     */
    public long refresh(ClientSession session, String token) {
        ChannelAccess.requireConnected(session);
        Identity identity;
        try {
            identity = authenticator.authenticate(token);
        } catch (HubException e) {
            throw new HubException(e.code(), e.getMessage()); // a failed refresh never closes by itself
        }
        if (!identity.user().equals(session.info().user())) {
            throw new HubException(ErrorCode.UNAUTHORIZED, "token is for another user");
        }
        session.expiresAt(identity.expiresAtMillis());
        return identity.expiresAtMillis();
    }

    /**
     * Signs a connected client in as {@code user} after connect (Pusher's {@code pusher:signin}): later
     * {@link #disconnectUser} calls reach it.
     */
    public void identify(ClientSession session, String user) {
        ChannelAccess.requireConnected(session);
        sessions.changeUser(session, new ClientInfo(session.id(), user, session.info().name()));
    }

    /**
     * Counts one inbound message against the connection's rate limit.
     *
     * @return true when the message may be handled; false when it must be answered with
     *         {@code limit_exceeded} (or was not, because the connection is being closed for flooding)
     */
    public boolean admit(ClientSession session, long nowNanos) {
        switch (session.commandRate().admit(nowNanos)) {
            case ADMIT -> {
                return true;
            }
            case CLOSE -> {
                stats.countLimitClose();
                LOG.log(System.Logger.Level.WARNING, "flooding client closed client={0} remote={1}", session.id(),
                        session.remoteAddress());
                disconnectNow(session, CloseCode.TOO_MANY_REQUESTS, "too many requests");
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** The connection ended (any reason). Idempotent. */
    public void closed(ClientSession session, int code) {
        if (!session.markClosed()) {
            return;
        }
        session.queue().discard();
        for (String channel : List.copyOf(session.subscriptions().keySet())) {
            removeSubscription(session, channel);
        }
        sessions.remove(session);
        stats.connections.decrementAndGet();
        // the code as a string: MessageFormat would print 1001 as "1,001"
        LOG.log(System.Logger.Level.INFO, "close client={0} user={1} code={2}", session.id(),
                session.info().user(), String.valueOf(code));
    }

    /** Closes a connection from the server side: a {@code disconnect} push, then the close frame. */
    public void disconnect(ClientSession session, CloseCode code, String reason) {
        session.closing(code, System.nanoTime());
        session.send(encoderOf(session).disconnect(code, reason));
        session.queue().closeAfterDrain(code, reason);
    }

    /** Closes a connection at once, dropping whatever is still queued for it (protocol violations). */
    public void disconnectNow(ClientSession session, CloseCode code, String reason) {
        session.queue().discard();
        session.transport().close(code.code(), reason);
    }

    private void sent(int bytes, long originNanos) {
        stats.countBytesOut(bytes);
        if (originNanos != 0) {
            stats.recordPublishToSend(System.nanoTime() - originNanos);
        }
    }

    /**
     * The broker may have lost publications (e.g. Redis came back after an outage). Live delivery cannot
     * tell which, so every client with subscriptions is asked to reconnect (4005 force_reconnect); it
     * resubscribes with {@code since} and recovers the gap from history, or learns {@code recovered: false}.
     */
    private void deliveryGap() {
        int count = 0;
        for (ClientSession session : List.copyOf(sessions.all())) {
            if (session.subscriptionCount() > 0 && session.state() == ClientSession.State.CONNECTED) {
                disconnect(session, CloseCode.FORCE_RECONNECT, "broker reconnected: recover from history");
                count++;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "delivery gap: asked {0} subscribed clients to reconnect", count);
    }

    private void slowConsumer(ClientSession session) {
        stats.slowConsumerCloses.increment();
        LOG.log(System.Logger.Level.WARNING, "slow consumer closed client={0} user={1}", session.id(),
                session.info().user());
        session.transport().close(CloseCode.SLOW_CONSUMER.code(), "slow consumer");
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
        subscribe(session, channel, since, token, null, reply);
    }

    /**
     * Subscribes a client with its own presence info for this channel ({@code member}, client id = the
     * session's id; null = the connection's info): presence, join and leave carry it.
     */
    public void subscribe(ClientSession session, String channel, StreamPosition since, String token,
                          ClientInfo member, Consumer<SubscribeResult> reply) {
        ChannelAccess.requireConnected(session);
        NamespaceConfig ns = namespaceOf(channel);
        boolean ownChannel = ChannelAccess.requireChannelUser(session, channel);
        // a connection of another protocol was authorized for the channel by its edge (Pusher: the channel's
        // auth signature); Herald's own clients need a subscription token
        if (ns.privateChannels() && !ownChannel && session.dialect() == null) {
            if (token == null || token.isEmpty()) {
                throw new HubException(ErrorCode.PERMISSION_DENIED, "a subscription token is required in this namespace");
            }
            authenticator.authorizeSubscription(session.info().user(), channel, token);
        }
        if (session.subscriptionCount() >= config.limits().maxChannelsPerConnection()) {
            throw new HubException(ErrorCode.LIMIT_EXCEEDED, "too many subscriptions on this connection");
        }
        Subscription subscription = new Subscription(channel, member);
        ClientInfo present = member == null ? session.info() : member;
        if (session.subscriptions().putIfAbsent(channel, subscription) != null) {
            throw new HubException(ErrorCode.ALREADY_SUBSCRIBED, "already subscribed to " + channel);
        }
        try {
            channels.add(channel, session);
        } catch (RuntimeException e) {
            session.subscriptions().remove(channel);
            throw e;
        }
        try {
            Recovery.Outcome outcome = Recovery.read(broker.history(), ns, channel, since,
                    config.limits().recoveryMaxPublications());
            if (ns.presence()) {
                presence.add(channel, present);
            }
            stats.subscriptions.incrementAndGet();
            subscription.finishRecovery(buffered -> {
                SubscribeResult result = outcome.merge(buffered);
                reply.accept(result);
                long last = result.position().offset();
                Dialect dialect = session.dialect();
                for (Publication late : outcome.after(buffered, result)) {
                    if (dialect != null && !dialect.wants(late)) {
                        continue;
                    }
                    session.send(encoderOf(session).publication(late));
                    last = Math.max(last, late.offset());
                }
                return last;
            });
            if (ns.joinLeave()) {
                broker.publishJoin(channel, present);
            }
        } catch (RuntimeException e) {
            if (session.subscriptions().remove(channel, subscription)) {
                channels.remove(channel, session);
            }
            throw e;
        }
    }

    public void unsubscribe(ClientSession session, String channel) {
        ChannelAccess.requireConnected(session);
        if (!session.isSubscribed(channel)) {
            throw new HubException(ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + channel);
        }
        removeSubscription(session, channel);
    }

    private void removeSubscription(ClientSession session, String channel) {
        Subscription removed = session.subscriptions().remove(channel);
        if (removed == null) {
            return;
        }
        stats.subscriptions.decrementAndGet();
        channels.remove(channel, session);
        NamespaceConfig ns = config.namespaces().get(ChannelName.parse(channel, Integer.MAX_VALUE).namespace());
        if (ns == null) {
            return;
        }
        try {
            if (ns.presence()) {
                presence.remove(channel, session.id());
            }
            if (ns.joinLeave()) {
                broker.publishLeave(channel, removed.member() == null ? session.info() : removed.member());
            }
        } catch (HubException e) {
            LOG.log(System.Logger.Level.DEBUG, "leave not recorded for {0}: {1}", channel, e.getMessage());
        }
    }

    /** Publishes from a client, subject to the namespace's publish policy. */
    public StreamPosition publish(ClientSession session, String channel, Payload payload) {
        ChannelAccess.requireConnected(session);
        NamespaceConfig ns = namespaceOf(channel);
        ChannelAccess.requirePublish(session, channel, ns);
        checkPayloadSize(payload);
        return doPublish(channel, ns, payload, session.info(), null);
    }

    public Map<String, ClientInfo> presence(ClientSession session, String channel) {
        ChannelAccess.requireConnected(session);
        NamespaceConfig ns = namespaceOf(channel);
        if (!ns.presence()) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "presence is not enabled in this namespace");
        }
        ChannelAccess.requireReadAccess(session, channel, ns, ns.presenceFor(), "presence");
        return presence.get(channel);
    }

    public HistoryStore.Page history(ClientSession session, String channel, int limit, StreamPosition since) {
        ChannelAccess.requireConnected(session);
        NamespaceConfig ns = namespaceOf(channel);
        if (!ns.historyForClients()) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "history is not available in this namespace");
        }
        ChannelAccess.requireReadAccess(session, channel, ns, ns.historyFor(), "history");
        return readHistory(channel, ns, limit, since);
    }

    // ---- server API -----------------------------------------------------------------------------

    /** Publishes from a backend (HTTP API); any namespace, no policy check. */
    public StreamPosition serverPublish(String channel, Payload payload, String idempotencyKey) {
        NamespaceConfig ns = namespaceOf(channel);
        checkPayloadSize(payload);
        return doPublish(channel, ns, payload, null, idempotencyKey);
    }

    /**
     * Publishes from a backend on behalf of a connection ({@code origin}, e.g. Pusher's {@code socket_id}
     * exclusion): the publication carries it, so a {@link Dialect} can leave the origin out.
     */
    public StreamPosition publishFor(ClientInfo origin, String channel, Payload payload) {
        NamespaceConfig ns = namespaceOf(channel);
        checkPayloadSize(payload);
        return doPublish(channel, ns, payload, origin, null);
    }

    /** Validates every channel first, then publishes to each. */
    public List<StreamPosition> broadcast(List<String> channelList, Payload payload) {
        List<NamespaceConfig> namespaces = new ArrayList<>();
        for (String channel : channelList) {
            namespaces.add(namespaceOf(channel));
        }
        checkPayloadSize(payload);
        List<StreamPosition> positions = new ArrayList<>();
        for (int i = 0; i < channelList.size(); i++) {
            positions.add(doPublish(channelList.get(i), namespaces.get(i), payload, null, null));
        }
        return positions;
    }

    public Map<String, ClientInfo> presence(String channel) {
        NamespaceConfig ns = namespaceOf(channel);
        if (!ns.presence()) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "presence is not enabled in this namespace");
        }
        return presence.get(channel);
    }

    public HistoryStore.Page history(String channel, int limit, StreamPosition since) {
        return readHistory(channel, namespaceOf(channel), limit, since);
    }

    /** Active channels on this node with local subscriber counts. */
    public Map<String, Integer> channels() {
        return channels.channels();
    }

    /** Disconnects a client by id; returns how many connections were closed (0 or 1). */
    public int disconnectClient(String clientId, CloseCode code, String reason) {
        ClientSession session = sessions.byId(clientId);
        if (session == null) {
            return 0;
        }
        disconnect(session, code, reason);
        return 1;
    }

    /** Disconnects every connection of a user; returns how many. */
    public int disconnectUser(String user, CloseCode code, String reason) {
        List<ClientSession> list = sessions.byUser(user);
        list.forEach(s -> disconnect(s, code, reason));
        return list.size();
    }

    public long uptimeMillis() {
        return System.currentTimeMillis() - startedMillis;
    }

    public int channelCount() {
        return channels.channelNames().size();
    }

    // ---- internals ------------------------------------------------------------------------------

    /** Resolves a channel's namespace; {@code unknown_channel} if the namespace is not configured. */
    public NamespaceConfig namespaceOf(String channel) {
        ChannelName name = ChannelName.parse(channel, config.limits().maxChannelNameLength());
        NamespaceConfig ns = config.namespaces().get(name.namespace());
        if (ns == null) {
            throw new HubException(ErrorCode.UNKNOWN_CHANNEL, "unknown namespace '" + name.namespace() + "'");
        }
        return ns;
    }

    private StreamPosition doPublish(String channel, NamespaceConfig ns, Payload payload, ClientInfo info,
                                     String idempotencyKey) {
        StreamPosition position = broker.publish(channel, payload, info, PublishOptions.of(ns, idempotencyKey));
        stats.publications.increment();
        return position;
    }

    private HistoryStore.Page readHistory(String channel, NamespaceConfig ns, int limit, StreamPosition since) {
        return HistoryReads.read(broker.history(), channel, ns, Math.min(limit, config.limits().historyMaxLimit()), since);
    }

    private void checkPayloadSize(Payload payload) {
        if (payload.size() > config.limits().maxMessageBytes()) {
            throw new HubException(ErrorCode.MESSAGE_TOO_LARGE,
                    "data larger than " + config.limits().maxMessageBytes() + " bytes");
        }
    }

    /** Runs one heartbeat sweep as if the clock read {@code nowNanos} (tests). */
    void sweep(long nowNanos) {
        heartbeat.sweep(nowNanos);
    }

    Iterable<ClientSession> sessions() {
        return sessions.all();
    }

    FrameEncoder encoder() {
        return encoder;
    }

    private FrameEncoder encoderOf(ClientSession session) {
        Dialect dialect = session.dialect();
        return dialect == null ? encoder : dialect.encoder();
    }

    void publishStats() {
        String channel = config.statsChannel();
        if (channel.isEmpty() || channels.subscriberCount(channel) == 0) {
            return;
        }
        try {
            serverPublish(channel, Payload.json(StatsJson.of(nodeId, stats, channelCount())), null);
        } catch (HubException e) {
            LOG.log(System.Logger.Level.DEBUG, "stats not published: {0}", e.getMessage());
        }
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
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        heartbeat.stop();
        long start = System.nanoTime();
        int count = ShutdownDrain.spread(new ArrayList<>(sessions.all()), drain,
                client -> disconnect(client, CloseCode.GOING_AWAY, "server shutting down"));
        LOG.log(System.Logger.Level.INFO, "closed {0} clients with 1001 over {1} ms",
                String.valueOf(count), String.valueOf((System.nanoTime() - start) / 1_000_000));
        broker.close();
        presence.close();
    }
}
