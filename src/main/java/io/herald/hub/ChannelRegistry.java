package io.herald.hub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * This node's index of which sessions subscribe to which channel. The first local subscriber makes the
 * node subscribe at the broker, the last one leaving unsubscribes it.
 *
 * <p>Changes of one channel are serialized by a lock taken from a fixed pool, so broker subscribe and
 * unsubscribe calls of one channel never cross; channels on different locks proceed in parallel.
 *
 * <p>The fan-out reads a plain array of (session, subscription) pairs per channel, rebuilt on the first
 * delivery after a change: delivery is the hot path (per recipient: no hash lookup, no iterator), subscribe and
 * unsubscribe stay O(1).
 */
final class ChannelRegistry {
    private static final int LOCKS = 256;

    private final Broker broker;
    private final Map<String, Channel> subscribers = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCKS];

    ChannelRegistry(Broker broker) {
        this.broker = broker;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /** One subscriber of a channel as the fan-out sees it. */
    record Member(ClientSession session, Subscription subscription) {
    }

    /** A channel's members; {@code version} counts changes, the snapshot is valid for one version. */
    private static final class Channel {
        private static final Snapshot EMPTY = new Snapshot(0, new Member[0]);
        final String name;
        final Set<ClientSession> set = ConcurrentHashMap.newKeySet();
        // a snapshot is right for its version; writing an older one over a newer one only costs a rebuild
        volatile Snapshot snapshot = EMPTY;
        volatile long version;

        Channel(String name) {
            this.name = name;
        }

        void changed() {
            version++; // under the channel's registry lock: one writer at a time
        }

        Member[] members() {
            Snapshot s = snapshot;
            long v = version;
            if (s.version == v) {
                return s.members;
            }
            Member[] built = set.stream()
                    .map(session -> new Member(session, session.subscriptions().get(name)))
                    .filter(m -> m.subscription() != null)
                    .toArray(Member[]::new);
            snapshot = new Snapshot(v, built);
            return built;
        }
    }

    private record Snapshot(long version, Member[] members) {
    }

    /**
     * Adds a subscriber (its subscription to {@code channel} already in {@link ClientSession#subscriptions()});
     * subscribes the node at the broker when it is the channel's first.
     *
     * @throws HubException from the broker; the registry is then unchanged
     */
    void add(String channel, ClientSession session) {
        synchronized (lockFor(channel)) {
            Channel c = subscribers.get(channel);
            if (c == null) {
                broker.subscribe(channel);
                c = new Channel(channel);
                subscribers.put(channel, c);
            }
            c.set.add(session);
            c.changed();
        }
    }

    /** Removes a subscriber; unsubscribes the node at the broker when it was the channel's last. */
    void remove(String channel, ClientSession session) {
        synchronized (lockFor(channel)) {
            Channel c = subscribers.get(channel);
            if (c == null || !c.set.remove(session)) {
                return;
            }
            c.changed();
            if (!c.set.isEmpty()) {
                return;
            }
            subscribers.remove(channel);
            try {
                broker.unsubscribe(channel);
            } catch (HubException e) {
                // the broker forgets interest of a node it cannot reach; nothing to roll back
            }
        }
    }

    /**
     * Runs {@code action} for each local subscriber of the channel with its subscription; one failing never
     * stops the loop.
     */
    void forEachMember(String channel, BiConsumer<ClientSession, Subscription> action) {
        Channel c = subscribers.get(channel);
        if (c == null) {
            return;
        }
        for (Member m : c.members()) {
            try {
                action.accept(m.session(), m.subscription());
            } catch (RuntimeException e) {
                // isolate per-recipient failures: one broken session never stops a fan-out
            }
        }
    }

    /** Runs {@code action} for each local subscriber of the channel; one failing never stops the loop. */
    void forEachSubscriber(String channel, Consumer<ClientSession> action) {
        forEachMember(channel, (session, subscription) -> action.accept(session));
    }

    int subscriberCount(String channel) {
        Channel c = subscribers.get(channel);
        return c == null ? 0 : c.set.size();
    }

    /** Active channels on this node with their local subscriber counts. */
    Map<String, Integer> channels() {
        Map<String, Integer> result = new java.util.TreeMap<>();
        subscribers.forEach((channel, c) -> {
            if (!c.set.isEmpty()) {
                result.put(channel, c.set.size());
            }
        });
        return result;
    }

    Set<String> channelNames() {
        return subscribers.keySet();
    }

    private Object lockFor(String channel) {
        return locks[(channel.hashCode() & 0x7fffffff) % LOCKS];
    }
}
