package io.herald.hub.memory;

import io.herald.hub.ClientInfo;
import io.herald.hub.PresenceStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of one node, in its heap. Entries never expire: they die with the node that owns them. */
public final class InMemoryPresenceStore implements PresenceStore {
    private final Map<String, Map<String, ClientInfo>> channels = new ConcurrentHashMap<>();

    @Override
    public void add(String channel, ClientInfo info) {
        channels.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(info.client(), info);
    }

    @Override
    public void remove(String channel, String clientId) {
        channels.computeIfPresent(channel, (c, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
    }

    @Override
    public Map<String, ClientInfo> get(String channel) {
        Map<String, ClientInfo> clients = channels.get(channel);
        return clients == null ? Map.of() : Map.copyOf(clients);
    }
}
