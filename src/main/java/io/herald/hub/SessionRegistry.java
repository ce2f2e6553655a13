package io.herald.hub;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions of this node, by client id and by user. */
final class SessionRegistry {
    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> byUser = new ConcurrentHashMap<>();

    void add(ClientSession session) {
        byId.put(session.id(), session);
    }

    void connected(ClientSession session) {
        String user = session.info().user();
        if (!user.isEmpty()) {
            byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(session);
        }
    }

    void remove(ClientSession session) {
        byId.remove(session.id());
        String user = session.info().user();
        if (!user.isEmpty()) {
            byUser.computeIfPresent(user, (u, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
    }

    ClientSession byId(String clientId) {
        return byId.get(clientId);
    }

    List<ClientSession> byUser(String user) {
        Set<ClientSession> set = byUser.get(user);
        return set == null ? List.of() : List.copyOf(set);
    }

    Collection<ClientSession> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }
}
