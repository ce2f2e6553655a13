package io.herald.hub;

import java.util.List;
import java.util.function.Consumer;

/**
 * The subscribe choreography: authorize, register at the {@link ChannelRegistry} (which subscribes the
 * node at the broker), read history for {@link Recovery} while live publications are buffered in the
 * {@link Subscription}, reply, then join the live stream; and the reverse on unsubscribe or close,
 * including presence and join/leave events.
 */
final class Subscriptions {
    private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

    private final HubConfig config;
    private final Broker broker;
    private final PresenceStore presence;
    private final Authenticator authenticator;
    private final FrameEncoder encoder;
    private final ChannelRegistry registry;
    private final Channels channels;
    private final HubStats stats;
    private final Observers observers;

    Subscriptions(HubConfig config, Broker broker, PresenceStore presence, Authenticator authenticator,
                  FrameEncoder encoder, ChannelRegistry registry, Channels channels, HubStats stats,
                  Observers observers) {
        this.config = config;
        this.broker = broker;
        this.presence = presence;
        this.authenticator = authenticator;
        this.encoder = encoder;
        this.registry = registry;
        this.channels = channels;
        this.stats = stats;
        this.observers = observers;
    }

    /** See {@link Hub#subscribe(ClientSession, String, StreamPosition, String, ClientInfo, Consumer)}. */
    void subscribe(ClientSession session, String channel, StreamPosition since, String token, ClientInfo member,
                   Consumer<SubscribeResult> reply) {
        subscribe(session, channel, since, token, member, false, reply);
    }

    /** @param granted the application's backend granted the channel: no channel authorization here */
    void subscribe(ClientSession session, String channel, StreamPosition since, String token, ClientInfo member,
                   boolean granted, Consumer<SubscribeResult> reply) {
        ChannelAccess.requireConnected(session);
        NamespaceConfig ns = channels.namespaceOf(channel);
        if (!granted) {
            authorize(session, channel, ns, token);
        }
        if (session.subscriptionCount() >= config.limits().maxChannelsPerConnection()) {
            throw new HubException(ErrorCode.LIMIT_EXCEEDED, "too many subscriptions on this connection");
        }
        Subscription subscription = new Subscription(channel, member);
        if (session.subscriptions().putIfAbsent(channel, subscription) != null) {
            throw new HubException(ErrorCode.ALREADY_SUBSCRIBED, "already subscribed to " + channel);
        }
        try {
            registry.add(channel, session);
        } catch (RuntimeException e) {
            session.subscriptions().remove(channel);
            throw e;
        }
        try {
            recoverAndGoLive(session, channel, ns, since, subscription, reply);
        } catch (RuntimeException e) {
            if (session.subscriptions().remove(channel, subscription)) {
                registry.remove(channel, session);
            }
            throw e;
        }
    }

    /** A user-limited channel ({@code ns:#alice}) only for its user; a private namespace only with a token. */
    private void authorize(ClientSession session, String channel, NamespaceConfig ns, String token) {
        boolean ownChannel = ChannelAccess.requireChannelUser(session, channel);
        // a connection of another protocol was authorized for the channel by its edge (Pusher: the channel's
        // auth signature); Herald's own clients need a subscription token
        if (ns.privateChannels() && !ownChannel && session.dialect() == null) {
            if (token == null || token.isEmpty()) {
                throw new HubException(ErrorCode.PERMISSION_DENIED, "a subscription token is required in this namespace");
            }
            authenticator.authorizeSubscription(session.info().user(), channel, token);
        }
    }

    private void recoverAndGoLive(ClientSession session, String channel, NamespaceConfig ns, StreamPosition since,
                                  Subscription subscription, Consumer<SubscribeResult> reply) {
        Recovery.Outcome outcome = Recovery.read(broker.history(), ns, channel, since,
                config.limits().recoveryMaxPublications());
        ClientInfo present = subscription.member() == null ? session.info() : subscription.member();
        if (ns.presence()) {
            presence.add(channel, present);
        }
        stats.subscriptions.incrementAndGet();
        subscription.finishRecovery(buffered -> {
            SubscribeResult result = outcome.merge(buffered);
            reply.accept(result);
            long last = result.position().offset();
            Dialect dialect = session.dialect();
            FrameEncoder frames = dialect == null ? encoder : dialect.encoder();
            for (Publication late : outcome.after(buffered, result)) {
                if (dialect != null && !dialect.wants(late)) {
                    continue;
                }
                session.send(frames.publication(late));
                last = Math.max(last, late.offset());
            }
            return last;
        });
        ClientInfo info = session.info();
        if (ns.joinLeave()) {
            broker.publishJoin(channel, present);
        }
        // a close racing this subscribe (another thread) may already have removed it: then report
        // neither its start nor its end, and never the end before the start
        synchronized (subscription) {
            if (session.subscriptions().get(channel) == subscription) {
                subscription.announce(() -> {
                    observers.tell(o -> o.subscribed(channel, info));
                    if (ns.presence()) {
                        observers.tell(o -> o.joined(channel, present));
                    }
                });
            }
        }
    }

    void unsubscribe(ClientSession session, String channel) {
        ChannelAccess.requireConnected(session);
        if (!session.isSubscribed(channel)) {
            throw new HubException(ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + channel);
        }
        remove(session, channel);
    }

    /** Ends every subscription of a connection that closed. */
    void removeAll(ClientSession session) {
        for (String channel : List.copyOf(session.subscriptions().keySet())) {
            remove(session, channel);
        }
    }

    private void remove(ClientSession session, String channel) {
        Subscription removed = session.subscriptions().remove(channel);
        if (removed == null) {
            return;
        }
        stats.subscriptions.decrementAndGet();
        registry.remove(channel, session);
        NamespaceConfig ns = channels.namespaceOfSubscribed(channel);
        ClientInfo info = session.info();
        ClientInfo member = removed.member() == null ? info : removed.member();
        if (ns != null) {
            leave(session, channel, ns, member);
        }
        removed.retire(() -> {
            if (ns != null && ns.presence()) {
                observers.tell(o -> o.left(channel, member));
            }
            observers.tell(o -> o.unsubscribed(channel, info));
        });
    }

    /**
     * A presence entry the store dropped because its node stopped refreshing it (the node died): the
     * channel's subscribers on every node get its leave, as if the client had closed.
     */
    void expired(String channel, ClientInfo info) {
        NamespaceConfig ns = channels.namespaceOfSubscribed(channel);
        if (ns != null && ns.joinLeave()) {
            broker.publishLeave(channel, info);
        }
    }

    private void leave(ClientSession session, String channel, NamespaceConfig ns, ClientInfo info) {
        try {
            if (ns.presence()) {
                presence.remove(channel, session.id());
            }
            if (ns.joinLeave()) {
                broker.publishLeave(channel, info);
            }
        } catch (HubException e) {
            LOG.log(System.Logger.Level.DEBUG, "leave not recorded for {0}: {1}", channel, e.getMessage());
        }
    }
}
