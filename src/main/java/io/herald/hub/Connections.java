package io.herald.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connection lifecycle of one node: open (connection limits), {@code connect} and {@code refresh}
 * (authentication), the inbound rate limit, server-side disconnects, close, and shutdown. Owns the
 * {@link SessionRegistry}.
 */
final class Connections {
    private static final System.Logger LOG = System.getLogger(Connections.class.getName());

    private final HubConfig config;
    private final Authenticator authenticator;
    private final FrameEncoder encoder;
    private final HubStats stats;
    private final SessionRegistry sessions;
    private final Subscriptions subscriptions;
    private final Observers observers;
    private final AtomicBoolean closing = new AtomicBoolean();

    Connections(HubConfig config, Authenticator authenticator, FrameEncoder encoder, HubStats stats,
                SessionRegistry sessions, Subscriptions subscriptions, Observers observers) {
        this.config = config;
        this.authenticator = authenticator;
        this.encoder = encoder;
        this.stats = stats;
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.observers = observers;
    }

    ClientSession open(Transport transport) {
        return open(transport, null, ClientIds.next());
    }

    /** See {@link Hub#open(Transport, Dialect, String)}. */
    ClientSession open(Transport transport, Dialect dialect, String id) {
        ClientSession[] holder = new ClientSession[1];
        TransportStats byTransport = stats.transport(transport.kind());
        ClientSession session = new ClientSession(id, transport, config.limits(),
                () -> slowConsumer(holder[0]), (bytes, origin) -> sent(byTransport, bytes, origin), System.nanoTime());
        session.dialect(dialect);
        holder[0] = session;
        if (closing.get()) {
            return refuse(session, CloseCode.GOING_AWAY, "server shutting down");
        }
        int max = config.limits().maxConnections();
        if (max > 0 && sessions.size() >= max) {
            return refuse(session, CloseCode.NODE_FULL, "node connection limit reached");
        }
        if (!sessions.add(session, config.limits().maxConnectionsPerIp())) {
            stats.countLimitClose();
            return refuse(session, CloseCode.CONNECTION_LIMIT, "too many connections from this address");
        }
        stats.connections.incrementAndGet();
        byTransport.connections.incrementAndGet();
        return session;
    }

    private static ClientSession refuse(ClientSession session, CloseCode code, String reason) {
        session.markClosed();
        session.transport().close(code.code(), reason);
        return session;
    }

    ConnectResult connect(ClientSession session, String token, String name) {
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

    /** Connects with an identity already decided (the connect proxy): same limits and bookkeeping. */
    ConnectResult connectAs(ClientSession session, Identity identity, String name) {
        if (session.state() != ClientSession.State.OPEN) {
            throw new HubException(session.state() == ClientSession.State.CONNECTED ? ErrorCode.ALREADY_CONNECTED
                    : ErrorCode.NOT_CONNECTED, session.state() == ClientSession.State.CONNECTED ? "already connected"
                    : "connection is closed");
        }
        int perUser = config.limits().maxConnectionsPerUser();
        if (perUser > 0 && !identity.user().isEmpty() && sessions.countByUser(identity.user()) >= perUser) {
            // best effort: concurrent connects of one user may overshoot by a few
            stats.countLimitClose();
            throw new HubException(ErrorCode.LIMIT_EXCEEDED, "too many connections for this user",
                    CloseCode.CONNECTION_LIMIT);
        }
        ClientInfo info = new ClientInfo(session.id(), identity.user(), name, identity.connInfo());
        if (!session.markConnected(info)) {
            throw new HubException(ErrorCode.ALREADY_CONNECTED, "already connected");
        }
        session.expiresAt(identity.expiresAtMillis());
        sessions.connected(session);
        LOG.log(System.Logger.Level.INFO, "connect client={0} user={1} remote={2}", session.id(),
                identity.user(), session.remoteAddress());
        observers.tell(o -> o.connected(info));
        return new ConnectResult(session.id(), identity.user(), config.pingInterval().toSeconds(),
                identity.expiresAtMillis());
    }

    long refresh(ClientSession session, String token) {
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

    boolean admit(ClientSession session, long nowNanos) {
        switch (session.commandRate().admit(nowNanos)) {
            case ADMIT -> {
                return true;
            }
            case CLOSE -> {
                stats.countLimitClose();
                LOG.log(System.Logger.Level.WARNING, "flooding client closed client={0} remote={1}", session.id(),
                        session.remoteAddress());
                session.disconnectNow(CloseCode.TOO_MANY_REQUESTS, "too many requests");
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    void closed(ClientSession session, int code, String reason) {
        ClientSession.State before = session.markClosed();
        if (before == ClientSession.State.CLOSED) {
            return;
        }
        session.queue().discard();
        subscriptions.removeAll(session);
        sessions.remove(session);
        stats.connections.decrementAndGet();
        stats.transport(session.transportKind()).connections.decrementAndGet();
        // the code as a string: MessageFormat would print 1001 as "1,001"
        LOG.log(System.Logger.Level.INFO, "close client={0} user={1} code={2}", session.id(),
                session.info().user(), String.valueOf(code));
        if (before == ClientSession.State.CONNECTED) {
            ClientInfo info = session.info();
            String phrase = reason == null ? "" : reason;
            observers.tell(o -> o.disconnected(info, code, phrase));
        }
    }

    void disconnect(ClientSession session, CloseCode code, String reason) {
        Dialect dialect = session.dialect();
        FrameEncoder frames = dialect == null ? encoder : dialect.encoder();
        session.disconnect(frames.disconnect(code, reason), code, reason, System.nanoTime());
    }

    /** See {@link Hub#identify}. */
    void identify(ClientSession session, String user) {
        ChannelAccess.requireConnected(session);
        sessions.changeUser(session, new ClientInfo(session.id(), user, session.info().name(),
                session.info().connInfo()));
    }

    int disconnectClient(String clientId, CloseCode code, String reason) {
        ClientSession session = sessions.byId(clientId);
        if (session == null) {
            return 0;
        }
        disconnect(session, code, reason);
        return 1;
    }

    int disconnectUser(String user, CloseCode code, String reason) {
        List<ClientSession> list = sessions.byUser(user);
        list.forEach(s -> disconnect(s, code, reason));
        return list.size();
    }

    /**
     * The broker may have lost publications (e.g. Redis came back after an outage). Live delivery cannot
     * tell which, so every client with subscriptions is asked to reconnect (4005 force_reconnect); it
     * resubscribes with {@code since} and recovers the gap from history, or learns {@code recovered: false}.
     */
    void deliveryGap() {
        int count = 0;
        for (ClientSession session : List.copyOf(sessions.all())) {
            if (session.subscriptionCount() > 0 && session.state() == ClientSession.State.CONNECTED) {
                disconnect(session, CloseCode.FORCE_RECONNECT, "broker reconnected: recover from history");
                count++;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "delivery gap: asked {0} subscribed clients to reconnect", count);
    }

    /** Refuses new connections from now on. @return false when shutdown had begun already */
    boolean beginShutdown() {
        return closing.compareAndSet(false, true);
    }

    /** Closes every client with 1001, spread over {@code drain} (see {@link ShutdownDrain}). */
    void drain(Duration drain) {
        long start = System.nanoTime();
        int count = ShutdownDrain.spread(new ArrayList<>(sessions.all()), drain,
                client -> disconnect(client, CloseCode.GOING_AWAY, "server shutting down"));
        LOG.log(System.Logger.Level.INFO, "closed {0} clients with 1001 over {1} ms",
                String.valueOf(count), String.valueOf((System.nanoTime() - start) / 1_000_000));
    }

    private void sent(TransportStats byTransport, int bytes, long originNanos) {
        stats.countBytesOut(bytes);
        byTransport.bytesOut.add(bytes);
        byTransport.messagesOut.increment();
        if (originNanos != 0) {
            stats.recordPublishToSend(System.nanoTime() - originNanos);
        }
    }

    private void slowConsumer(ClientSession session) {
        stats.slowConsumerCloses.increment();
        LOG.log(System.Logger.Level.WARNING, "slow consumer closed client={0} user={1}", session.id(),
                session.info().user());
        session.transport().close(CloseCode.SLOW_CONSUMER.code(), "slow consumer");
    }
}
