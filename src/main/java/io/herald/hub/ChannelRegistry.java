package io.herald.hub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's index of which sessions subscribe to which channel. The first local subscriber makes the
 * node subscribe at the broker, the last one leaving unsubscribes it.
 *
 * <p>Changes of one channel are serialized by a lock taken from a fixed pool, so broker subscribe and
 * unsubscribe calls of one channel never cross; channels on different locks proceed in parallel.
 */
final class ChannelRegistry {
    private static final int LOCKS = 256;

    private final Broker broker;
    private final Map<String, Set<ClientSession>> subscribers = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCKS];

    ChannelRegistry(Broker broker) {
        this.broker = broker;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Adds a subscriber; subscribes the node at the broker when it is the channel's first.
     *
     * @throws HubException from the broker; the registry is then unchanged
     */
    void add(String channel, ClientSession session) {
        synchronized (lockFor(channel)) {
            Set<ClientSession> set = subscribers.get(channel);
            if (set == null) {
                broker.subscribe(channel);
                set = ConcurrentHashMap.newKeySet();
                subscribers.put(channel, set);
            }
            set.add(session);
        }
    }

    /** Removes a subscriber; unsubscribes the node at the broker when it was the channel's last. */
    void remove(String channel, ClientSession session) {
        synchronized (lockFor(channel)) {
            Set<ClientSession> set = subscribers.get(channel);
            if (set == null || !set.remove(session) || !set.isEmpty()) {
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

    /** Runs {@code action} for each local subscriber of the channel; one failing never stops the loop. */
    void forEachSubscriber(String channel, Consumer<ClientSession> action) {
        Set<ClientSession> set = subscribers.get(channel);
        if (set == null) {
            return;
        }
        for (ClientSession session : set) {
            try {
                action.accept(session);
            } catch (RuntimeException e) {
                // isolate per-recipient failures: one broken session never stops a fan-out
            }
        }
    }

    int subscriberCount(String channel) {
        Set<ClientSession> set = subscribers.get(channel);
        return set == null ? 0 : set.size();
    }

    /** Active channels on this node with their local subscriber counts. */
    Map<String, Integer> channels() {
        Map<String, Integer> result = new java.util.TreeMap<>();
        subscribers.forEach((channel, set) -> {
            if (!set.isEmpty()) {
                result.put(channel, set.size());
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
