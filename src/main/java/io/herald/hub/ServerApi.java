package io.herald.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a backend may do through this node (the HTTP API and other server-side edges): publish to any
 * namespace without a publish-policy check, read presence and history, list channels, disconnect
 * clients. Obtained from {@link Hub#server()}. Thread-safe; errors are {@link HubException}s.
 */
public final class ServerApi {
    private static final System.Logger LOG = System.getLogger(ServerApi.class.getName());

    private final Channels channels;
    private final ChannelRegistry registry;
    private final Connections connections;

    ServerApi(Channels channels, ChannelRegistry registry, Connections connections) {
        this.channels = channels;
        this.registry = registry;
        this.connections = connections;
    }

    /**
     * Publishes from a backend; any namespace, no policy check.
     *
     * @param idempotencyKey a repeat with the same key within the broker's window returns the first
     *                       position and publishes nothing; null for none
     */
    public StreamPosition publish(String channel, Payload payload, String idempotencyKey) {
        return channels.publish(channel, payload, null, idempotencyKey);
    }

    /**
     * Publishes from a backend on behalf of a connection ({@code origin}, e.g. Pusher's {@code socket_id}
     * exclusion): the publication carries it, so a {@link Dialect} can leave the origin out. No policy check.
     */
    public StreamPosition publishFor(ClientInfo origin, String channel, Payload payload) {
        return channels.publishFor(origin, channel, payload);
    }

    /** Validates every channel first (nothing is published if one is invalid), then publishes to each. */
    public List<StreamPosition> broadcast(List<String> channelList, Payload payload) {
        List<NamespaceConfig> namespaces = new ArrayList<>();
        for (String channel : channelList) {
            namespaces.add(channels.namespaceOf(channel));
        }
        channels.checkPayloadSize(payload);
        List<StreamPosition> positions = new ArrayList<>();
        for (int i = 0; i < channelList.size(); i++) {
            positions.add(channels.append(channelList.get(i), namespaces.get(i), payload, null, null));
        }
        return positions;
    }

    /** The channel's presence, by client id; {@code permission_denied} when the namespace has none. */
    public Map<String, ClientInfo> presence(String channel) {
        return channels.presence(channel, null);
    }

    /** As the {@code history} command, without the namespace's client access rules. */
    public HistoryStore.Page history(String channel, int limit, StreamPosition since) {
        return channels.history(channel, limit, since, null);
    }

    /** Active channels on this node with local subscriber counts. */
    public Map<String, Integer> channels() {
        return registry.channels();
    }

    /**
     * Sends {@code frame} to this node's subscribers of {@code channel} whose {@link Dialect} is a
     * {@code dialect}: a protocol's own notice (Pusher's subscription count), not a publication, so no
     * history, no other node. Returns how many got it.
     */
    public int notifyLocal(String channel, Class<? extends Dialect> dialect, Frame frame) {
        int[] sent = {0};
        registry.forEachSubscriber(channel, session -> {
            if (dialect.isInstance(session.dialect())) {
                session.send(frame);
                sent[0]++;
            }
        });
        return sent[0];
    }

    /** Disconnects a client by id; returns how many connections were closed (0 or 1). */
    public int disconnectClient(String clientId, CloseCode code, String reason) {
        return connections.disconnectClient(clientId, code, reason);
    }

    /** Disconnects every connection of a user on this node; returns how many. */
    public int disconnectUser(String user, CloseCode code, String reason) {
        return connections.disconnectUser(user, code, reason);
    }

    /** Publishes the node's stats to the stats channel, when it is configured and has local subscribers. */
    void publishStats(String statsChannel, String nodeId, HubStats stats) {
        if (statsChannel.isEmpty() || registry.subscriberCount(statsChannel) == 0) {
            return;
        }
        try {
            publish(statsChannel, Payload.json(StatsJson.of(nodeId, stats, registry.channelNames().size())), null);
        } catch (HubException e) {
            LOG.log(System.Logger.Level.DEBUG, "stats not published: {0}", e.getMessage());
        }
    }
}
