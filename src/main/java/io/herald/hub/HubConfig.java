package io.herald.hub;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole, immutable configuration of one hub, loaded once at start and passed down. Built by the
 * config loader (its defaults live in its {@code defaults.json}, nowhere else).
 *
 * @param namespaces       options by namespace name; the key {@code ""} is the default namespace
 *                         (channels without a colon). A channel in a namespace not listed is refused.
 * @param allowAnonymous   whether clients may connect without a token
 * @param apiKeys          keys accepted by the HTTP API
 * @param pingInterval     how often the server pings each client
 * @param idleTimeout      a client that sends nothing for this long is closed (4002)
 * @param connectTimeout   a client that does not send {@code connect} within this is closed (4003)
 * @param statsChannel     channel the hub publishes its own stats to every second, or empty for none
 * @param limits           size and rate limits
 */
public record HubConfig(Map<String, NamespaceConfig> namespaces, boolean allowAnonymous, List<String> apiKeys,
                        Duration pingInterval, Duration idleTimeout, Duration connectTimeout,
                        String statsChannel, Limits limits) {
    public HubConfig {
        namespaces = Map.copyOf(namespaces);
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        statsChannel = statsChannel == null ? "" : statsChannel;
        Objects.requireNonNull(limits, "limits");
    }

    public HubConfig withNamespaces(Map<String, NamespaceConfig> newNamespaces) {
        return new HubConfig(newNamespaces, allowAnonymous, apiKeys, pingInterval, idleTimeout, connectTimeout,
                statsChannel, limits);
    }

    public HubConfig withApiKeys(List<String> keys) {
        return new HubConfig(namespaces, allowAnonymous, keys, pingInterval, idleTimeout, connectTimeout,
                statsChannel, limits);
    }
}
