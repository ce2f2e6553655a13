package io.herald.hub;

import java.util.Arrays;
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
 * <p>Each channel is one copy-on-write array of (session, subscription) pairs, replaced under the channel's
 * lock: the fan-out (the hot path) walks a plain array with no hash lookup and no iterator per recipient, and a
 * channel with one subscriber costs one small array instead of a concurrent hash set. Subscribe and unsubscribe
 * copy the array, O(subscribers of that channel).
 */
final class ChannelRegistry {
    private static final int LOCKS = 256;
    private static final Member[] NONE = new Member[0];

    private final Broker broker;
    private final Map<String, Member[]> subscribers = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCKS];

    ChannelRegistry(Broker broker) {
        this.broker = broker;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /** One subscriber of a channel as the fan-out sees it; {@code subscription} is null when it was added first. */
    record Member(ClientSession session, Subscription subscription) {
    }

    /**
     * Adds a subscriber (its subscription to {@code channel} already in {@link ClientSession#subscriptions()});
     * subscribes the node at the broker when it is the channel's first.
     *
     * @throws HubException from the broker; the registry is then unchanged
     */
    void add(String channel, ClientSession session) {
        Subscription subscription = session.subscriptions().get(channel); // null: looked up at delivery instead
        synchronized (lockFor(channel)) {
            Member[] members = subscribers.get(channel);
            if (members == null) {
                broker.subscribe(channel);
                members = NONE;
            }
            for (Member m : members) {
                if (m.session() == session) {
                    return;
                }
            }
            Member[] grown = Arrays.copyOf(members, members.length + 1);
            grown[members.length] = new Member(session, subscription);
            subscribers.put(channel, grown);
        }
    }

    /** Removes a subscriber; unsubscribes the node at the broker when it was the channel's last. */
    void remove(String channel, ClientSession session) {
        synchronized (lockFor(channel)) {
            Member[] members = subscribers.get(channel);
            int at = members == null ? -1 : indexOf(members, session);
            if (at < 0) {
                return;
            }
            if (members.length > 1) {
                Member[] shrunk = new Member[members.length - 1];
                System.arraycopy(members, 0, shrunk, 0, at);
                System.arraycopy(members, at + 1, shrunk, at, members.length - at - 1);
                subscribers.put(channel, shrunk);
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

    private static int indexOf(Member[] members, ClientSession session) {
        for (int i = 0; i < members.length; i++) {
            if (members[i].session() == session) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Runs {@code action} for each local subscriber of the channel with its subscription; one failing never
     * stops the loop.
     */
    void forEachMember(String channel, BiConsumer<ClientSession, Subscription> action) {
        Member[] members = subscribers.get(channel);
        if (members == null) {
            return;
        }
        for (Member m : members) {
            try {
                Subscription subscription = m.subscription();
                action.accept(m.session(), subscription != null ? subscription
                        : m.session().subscriptions().get(channel));
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
        Member[] members = subscribers.get(channel);
        return members == null ? 0 : members.length;
    }

    /** Active channels on this node with their local subscriber counts. */
    Map<String, Integer> channels() {
        Map<String, Integer> result = new java.util.TreeMap<>();
        subscribers.forEach((channel, members) -> result.put(channel, members.length));
        return result;
    }

    Set<String> channelNames() {
        return subscribers.keySet();
    }

    private Object lockFor(String channel) {
        return locks[(channel.hashCode() & 0x7fffffff) % LOCKS];
    }
}
