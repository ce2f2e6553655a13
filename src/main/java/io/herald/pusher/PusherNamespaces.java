package io.herald.pusher;

import io.herald.config.PusherApp;
import io.herald.config.PusherConfig;
import io.herald.hub.ClientAccess;
import io.herald.hub.HubConfig;
import io.herald.hub.NamespaceConfig;
import io.herald.hub.PublishPolicy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Herald namespaces the Pusher channels live in (see {@link PusherChannel}). Public, private and
 * encrypted channels keep history only when an app offers the recovery extension; cache channels keep
 * their last event for 30 minutes, as Pusher's do. They are private namespaces for Herald's own protocol.
 */
public final class PusherNamespaces {
    static final Duration CACHE_TTL = Duration.ofMinutes(30);
    static final int HISTORY_SIZE = 100;
    static final Duration HISTORY_TTL = Duration.ofMinutes(5);

    private PusherNamespaces() {
    }

    /** {@code config} with the four Pusher namespaces added (when the Pusher protocol is enabled). */
    public static HubConfig addTo(HubConfig config, PusherConfig pusher) {
        if (!pusher.enabled()) {
            return config;
        }
        int history = pusher.anyRecovery() ? HISTORY_SIZE : 0;
        Map<String, NamespaceConfig> namespaces = new HashMap<>(config.namespaces());
        namespaces.put(PusherChannel.NS_PUBLIC, namespace(history, HISTORY_TTL, false));
        namespaces.put(PusherChannel.NS_CACHE, namespace(1, CACHE_TTL, false));
        namespaces.put(PusherChannel.NS_PRESENCE, namespace(history, HISTORY_TTL, true));
        namespaces.put(PusherChannel.NS_PRESENCE_CACHE, namespace(1, CACHE_TTL, true));
        return config.withNamespaces(namespaces);
    }

    private static NamespaceConfig namespace(int historySize, Duration ttl, boolean presence) {
        // private: Herald-protocol clients read or publish Pusher channels only with a subscription token, so
        // private- and presence- data never leaks past the Pusher auth; Pusher connections are authorized by
        // the Pusher edge. Clients publish (client events) only as subscribers.
        return new NamespaceConfig(historySize, historySize == 0 ? Duration.ZERO : ttl, presence, presence,
                PublishPolicy.SUBSCRIBERS, true, false, true, ClientAccess.SUBSCRIBERS, ClientAccess.SUBSCRIBERS);
    }
}
