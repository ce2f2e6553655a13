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
    private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();

    /**
     * Adds a session unless its address already has {@code maxPerAddress} sessions (0 = no limit).
     * Check and add are one atomic step per address, so concurrent opens cannot overshoot.
     */
    boolean add(ClientSession session, int maxPerAddress) {
        boolean[] added = {false};
        byAddress.compute(session.remoteAddress(), (address, count) -> {
            int n = count == null ? 0 : count;
            if (maxPerAddress > 0 && n >= maxPerAddress) {
                return count;
            }
            added[0] = true;
            return n + 1;
        });
        if (added[0]) {
            byId.put(session.id(), session);
        }
        return added[0];
    }

    void connected(ClientSession session) {
        String user = session.info().user();
        if (!user.isEmpty()) {
            byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(session);
        }
    }

    /** Moves a connected session to another user (sign-in after connect). */
    void changeUser(ClientSession session, ClientInfo info) {
        String old = session.info().user();
        if (!old.isEmpty()) {
            byUser.computeIfPresent(old, (u, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
        session.rename(info);
        connected(session);
    }

    void remove(ClientSession session) {
        if (byId.remove(session.id()) == null) {
            return;
        }
        byAddress.computeIfPresent(session.remoteAddress(), (address, count) -> count <= 1 ? null : count - 1);
        String user = session.info().user();
        if (!user.isEmpty()) {
            byUser.computeIfPresent(user, (u, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
    }

    int countByUser(String user) {
        Set<ClientSession> set = byUser.get(user);
        return set == null ? 0 : set.size();
    }

    int addresses() {
        return byAddress.size();
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
