package io.herald.pusher;

import io.herald.config.PusherApp;
import io.herald.config.PusherConfig;
import io.herald.hub.Hub;
import io.herald.hub.NodeBus;
import io.herald.pusher.protocol.PusherFrames;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The Pusher protocol of one deployment: its apps over the deployment's one {@link Hub}. Shared by the
 * WebSocket endpoint ({@code /app/{key}}) and the HTTP API ({@code /apps/{id}/...}). Thread-safe.
 */
public final class PusherService {
    private final Hub hub;
    private final PusherConfig config;
    private final PusherFrames standardFrames;
    private final PusherFrames extendedFrames;
    private final SecureRandom random = new SecureRandom();
    private final PusherCluster cluster;

    public PusherService(Hub hub, PusherConfig config) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.config = Objects.requireNonNull(config, "config");
        this.standardFrames = new PusherFrames(hub.server()::presence, false);
        this.extendedFrames = new PusherFrames(hub.server()::presence, true);
        this.cluster = new PusherCluster(hub);
    }

    /** The HTTP API's view of every node (this node's alone until {@link #joinCluster}). */
    public PusherCluster cluster() {
        return cluster;
    }

    /**
     * Starts sending {@code pusher_internal:subscription_count} for the apps that enable it; the caller
     * closes what this returns when the deployment stops (an idle no-op when no app enables it).
     */
    public AutoCloseable startSubscriptionCounts() {
        var counting = config.apps().stream().filter(io.herald.config.PusherApp::subscriptionCount).toList();
        return counting.isEmpty() ? () -> { } : new SubscriptionCounts(hub, cluster, counting);
    }

    /** Makes the HTTP API answer for every node of the cluster {@code nodes} connects. */
    public void joinCluster(NodeBus nodes) {
        cluster.join(nodes);
    }

    public Hub hub() {
        return hub;
    }

    public PusherConfig config() {
        return config;
    }

    /** The encoder of an app's connections: with stream offsets when the app offers recovery. */
    public PusherFrames frames(PusherApp app) {
        return app.recovery() ? extendedFrames : standardFrames;
    }

    /** A new socket id in Pusher's {@code NNN.NNN} form, random so ids are unique across nodes. */
    public String newSocketId() {
        return (1 + (random.nextLong() & 0x7fffffffffffL) % 999_999_999L) + "."
                + (1 + (random.nextLong() & 0x7fffffffffffL) % 999_999_999L);
    }
}
