package io.herald.pusher;

import io.herald.config.PusherApp;
import io.herald.hub.DaemonThreads;
import io.herald.hub.Hub;
import io.herald.pusher.protocol.PusherConnection;
import io.herald.pusher.protocol.PusherFrames;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pusher's subscription counting for the apps that turn it on ({@code subscriptionCount}): once a second
 * this node reads the cluster-wide count of each of the apps' public and private channels it has
 * subscribers of ({@link PusherCluster}, one question to the other nodes per app), and sends
 * {@code pusher_internal:subscription_count} to its own subscribers of each channel whose count changed
 * (or whose local subscribers did, so a newcomer hears the count too). Each node tells only its own
 * subscribers, so nobody hears a count twice; like Pusher, changes within a second are sent as one.
 * Presence channels have their member events instead.
 */
final class SubscriptionCounts implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SubscriptionCounts.class.getName());
    static final long PERIOD_MILLIS = 1_000;

    private final Hub hub;
    private final PusherCluster cluster;
    private final List<PusherApp> apps;
    /** Per Herald channel: the cluster count and the local count last sent. */
    private final Map<String, long[]> sent = new HashMap<>();
    private final DaemonThreads threads = DaemonThreads.named("herald-pusher-subscription-count");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads);

    SubscriptionCounts(Hub hub, PusherCluster cluster, List<PusherApp> apps) {
        this.hub = hub;
        this.cluster = cluster;
        this.apps = List.copyOf(apps);
        timer.scheduleWithFixedDelay(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        Map<String, Integer> local = hub.server().channels();
        for (PusherApp app : apps) {
            try {
                Map<String, Integer> counts = null;
                for (Map.Entry<String, Integer> e : local.entrySet()) {
                    PusherChannel channel = PusherChannel.fromHerald(e.getKey());
                    if (channel == null || !channel.app().equals(app.id()) || channel.kind() == PusherChannel.Kind.PRESENCE
                            || channel.kind() == PusherChannel.Kind.USER) {
                        continue;
                    }
                    if (counts == null) {
                        counts = cluster.channels(app.id()); // only when this node has one of the app's channels
                    }
                    int total = Math.max(counts.getOrDefault(e.getKey(), 0), e.getValue());
                    long[] last = sent.get(e.getKey());
                    if (last == null || last[0] != total || last[1] != e.getValue()) {
                        sent.put(e.getKey(), new long[] {total, e.getValue()});
                        hub.server().notifyLocal(e.getKey(), PusherConnection.class,
                                PusherFrames.subscriptionCount(channel.name(), total));
                    }
                }
            } catch (RuntimeException e) { // a node did not answer: the next tick tries again
                LOG.log(System.Logger.Level.DEBUG, "subscription counts not sent: {0}", e.toString());
            }
        }
        sent.keySet().retainAll(local.keySet());
    }

    @Override
    public void close() {
        threads.stop(timer, Duration.ofSeconds(2));
    }
}
