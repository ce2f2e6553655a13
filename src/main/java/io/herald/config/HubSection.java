package io.herald.config;

import io.herald.hub.ClientAccess;
import io.herald.hub.HubConfig;
import io.herald.hub.Limits;
import io.herald.hub.NamespaceConfig;
import io.herald.hub.PublishPolicy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the hub's keys ({@code allowAnonymous}, {@code apiKeys}, the timers, {@code statsChannel},
 * {@code limits}, {@code defaultNamespace}, {@code namespaces}) into the hub's own records, which live in
 * the hub package and so cannot read config themselves.
 */
final class HubSection {
    private static final int MIN_API_KEY_LENGTH = 16;

    private HubSection() {
    }

    static HubConfig from(ConfigNode root) {
        Map<String, NamespaceConfig> namespaces = new LinkedHashMap<>();
        namespaces.put("", namespace(root.node("defaultNamespace")));
        for (Map.Entry<String, ConfigNode> e : root.node("namespaces").children().entrySet()) {
            namespaces.put(e.getKey(), namespace(e.getValue()));
        }
        return new HubConfig(namespaces, root.bool("allowAnonymous"), root.strings("apiKeys", MIN_API_KEY_LENGTH),
                root.seconds("pingIntervalSeconds", 1, 3600),
                root.seconds("idleTimeoutSeconds", 2, 36_000),
                root.seconds("connectTimeoutSeconds", 1, 3600),
                root.string("statsChannel"), limits(root.node("limits")));
    }

    static Limits limits(ConfigNode n) {
        return Limits.builder()
                .maxMessageBytes(n.integer("maxMessageBytes", 256, 64 * 1024 * 1024))
                .outboundQueueBytes(n.longInteger("outboundQueueBytes", 1024, Long.MAX_VALUE))
                .outboundQueueMessages(n.integer("outboundQueueMessages", 1, Integer.MAX_VALUE))
                .maxChannelsPerConnection(n.integer("maxChannelsPerConnection", 1, 1_000_000))
                .maxChannelNameLength(n.integer("maxChannelNameLength", 1, 255))
                .maxConnections(n.integer("maxConnections", 0, Integer.MAX_VALUE))
                .recoveryMaxPublications(n.integer("recoveryMaxPublications", 0, 1_000_000))
                .historyMaxLimit(n.integer("historyMaxLimit", 0, 1_000_000))
                .maxConnectionsPerUser(n.integer("maxConnectionsPerUser", 0, Integer.MAX_VALUE))
                .maxConnectionsPerIp(n.integer("maxConnectionsPerIp", 0, Integer.MAX_VALUE))
                .commandsPerSecond(n.integer("commandsPerSecond", 0, 1_000_000))
                .commandBurst(n.integer("commandBurst", 1, 1_000_000))
                .rejectedCommandsBeforeClose(n.integer("rejectedCommandsBeforeClose", 0, 1_000_000))
                .build();
    }

    private static NamespaceConfig namespace(ConfigNode ns) {
        return new NamespaceConfig(ns.integer("historySize", 0, 1_000_000),
                ns.seconds("historyTtlSeconds", 0, 365 * 24 * 3600),
                ns.bool("presence"), ns.bool("joinLeave"), ns.choice("publish", PublishPolicy.class),
                ns.bool("recovery"), ns.bool("history"), ns.bool("private"),
                ns.choice("presenceFor", ClientAccess.class), ns.choice("historyFor", ClientAccess.class));
    }
}
