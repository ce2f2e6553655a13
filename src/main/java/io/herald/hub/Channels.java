package io.herald.hub;

import java.util.Map;

/**
 * What clients and the backend both do on a channel, written once: resolve its namespace, publish,
 * read presence and history. A client's call passes its session and gets the namespace's access rules
 * ({@link ChannelAccess}) on top; the backend's passes null and may do anything the namespace allows.
 */
final class Channels {
    private final HubConfig config;
    private final Broker broker;
    private final PresenceStore presence;
    private final HubStats stats;

    Channels(HubConfig config, Broker broker, PresenceStore presence, HubStats stats) {
        this.config = config;
        this.broker = broker;
        this.presence = presence;
        this.stats = stats;
    }

    /** Resolves a channel's namespace; {@code unknown_channel} if the namespace is not configured. */
    NamespaceConfig namespaceOf(String channel) {
        ChannelName name = ChannelName.parse(channel, config.limits().maxChannelNameLength());
        NamespaceConfig ns = config.namespaces().get(name.namespace());
        if (ns == null) {
            throw new HubException(ErrorCode.UNKNOWN_CHANNEL, "unknown namespace '" + name.namespace() + "'");
        }
        return ns;
    }

    /** The namespace of a channel that was valid when subscribed, or null (no check of the name's length). */
    NamespaceConfig namespaceOfSubscribed(String channel) {
        return config.namespaces().get(ChannelName.parse(channel, Integer.MAX_VALUE).namespace());
    }

    /**
     * Publishes, subject to the namespace's publish policy when a client publishes.
     *
     * @param publisher the publishing client, or null for the backend
     * @param idempotencyKey the backend's key, or null
     */
    /** A backend's publication on behalf of a connection ({@code origin}); see {@link ServerApi#publishFor}. */
    StreamPosition publishFor(ClientInfo origin, String channel, Payload payload) {
        NamespaceConfig ns = namespaceOf(channel);
        checkPayloadSize(payload);
        return append(channel, ns, payload, origin, null);
    }

    StreamPosition publish(String channel, Payload payload, ClientSession publisher, String idempotencyKey) {
        NamespaceConfig ns = namespaceOf(channel);
        if (publisher != null) {
            ChannelAccess.requirePublish(publisher, channel, ns);
        }
        checkPayloadSize(payload);
        return append(channel, ns, payload, publisher == null ? null : publisher.info(), idempotencyKey);
    }

    /** Publishes to a channel already resolved and checked. */
    StreamPosition append(String channel, NamespaceConfig ns, Payload payload, ClientInfo info, String idempotencyKey) {
        StreamPosition position = broker.publish(channel, payload, info, PublishOptions.of(ns, idempotencyKey));
        stats.publications.increment();
        return position;
    }

    void checkPayloadSize(Payload payload) {
        if (payload.size() > config.limits().maxMessageBytes()) {
            throw new HubException(ErrorCode.MESSAGE_TOO_LARGE,
                    "data larger than " + config.limits().maxMessageBytes() + " bytes");
        }
    }

    /** @param asker the asking client, or null for the backend */
    Map<String, ClientInfo> presence(String channel, ClientSession asker) {
        NamespaceConfig ns = namespaceOf(channel);
        if (!ns.presence()) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "presence is not enabled in this namespace");
        }
        if (asker != null) {
            ChannelAccess.requireReadAccess(asker, channel, ns, ns.presenceFor(), "presence");
        }
        return presence.get(channel);
    }

    /** @param asker the asking client, or null for the backend (which may read any namespace with history) */
    HistoryStore.Page history(String channel, int limit, StreamPosition since, ClientSession asker) {
        NamespaceConfig ns = namespaceOf(channel);
        if (asker != null) {
            if (!ns.historyForClients()) {
                throw new HubException(ErrorCode.PERMISSION_DENIED, "history is not available in this namespace");
            }
            ChannelAccess.requireReadAccess(asker, channel, ns, ns.historyFor(), "history");
        }
        return HistoryReads.read(broker.history(), channel, ns, Math.min(limit, config.limits().historyMaxLimit()), since);
    }
}
