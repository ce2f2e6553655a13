package io.herald.hooks.occupancy;

import io.herald.hub.ClientInfo;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Occupancy of a single node: the node is the whole cluster, so plain maps under one lock decide. */
public final class InMemoryOccupancy implements Occupancy {

    private static final class ChannelState {
        final Map<String, String> clients = new HashMap<>(); // client id -> user
        final Map<String, Integer> userConnections = new HashMap<>();
        final Set<String> announcedMembers = new HashSet<>();
        boolean announced;

        boolean idle() {
            return clients.isEmpty() && !announced && announcedMembers.isEmpty();
        }
    }

    private final Map<String, ChannelState> channels = new HashMap<>();

    @Override
    public void connected(ClientInfo client) {
    }

    @Override
    public void disconnected(String clientId) {
    }

    @Override
    public synchronized Joined subscribed(String channel, ClientInfo client) {
        ChannelState state = channels.computeIfAbsent(channel, c -> new ChannelState());
        String user = client.user();
        if (state.clients.putIfAbsent(client.client(), user) == null && !user.isEmpty()) {
            state.userConnections.merge(user, 1, Integer::sum);
        }
        boolean occupied = !state.announced;
        state.announced = true;
        boolean added = !user.isEmpty() && state.announcedMembers.add(user);
        return new Joined(occupied, added);
    }

    @Override
    public synchronized Left unsubscribed(String channel, String clientId) {
        ChannelState state = channels.get(channel);
        String user = state == null ? null : state.clients.remove(clientId);
        if (user == null) {
            return new Left(false, false, "");
        }
        boolean gone = false;
        if (!user.isEmpty() && state.userConnections.merge(user, -1, Integer::sum) <= 0) {
            state.userConnections.remove(user);
            gone = true;
        }
        return new Left(state.clients.isEmpty(), gone, user);
    }

    @Override
    public synchronized boolean confirmVacated(String channel) {
        ChannelState state = channels.get(channel);
        if (state == null || !state.clients.isEmpty() || !state.announced) {
            return false;
        }
        state.announced = false;
        dropIfIdle(channel, state);
        return true;
    }

    @Override
    public synchronized boolean confirmMemberRemoved(String channel, String user) {
        ChannelState state = channels.get(channel);
        if (state == null || state.userConnections.containsKey(user) || !state.announcedMembers.remove(user)) {
            return false;
        }
        dropIfIdle(channel, state);
        return true;
    }

    private void dropIfIdle(String channel, ChannelState state) {
        if (state.idle()) {
            channels.remove(channel);
        }
    }

    @Override
    public List<Lost> sweep() {
        return List.of();
    }

    @Override
    public boolean clustered() {
        return false;
    }

    /** Channels with any state left (tests: nothing leaks once everyone left). */
    public synchronized int trackedChannels() {
        return channels.size();
    }

    @Override
    public void close() {
    }
}
