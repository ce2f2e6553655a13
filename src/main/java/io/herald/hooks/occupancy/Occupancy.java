package io.herald.hooks.occupancy;

import io.herald.hub.ClientInfo;

import java.util.List;

/**
 * Decides, across every node, when a channel becomes occupied or vacated and when a user joins or leaves
 * it, so each transition is reported exactly once however many nodes and tabs are involved.
 *
 * <p>Contract: a channel is occupied while any connection on any node subscribes to it; a user is a member
 * while any of their connections does (anonymous connections are never members). {@link #subscribed}
 * reports an occupied/added transition only when it was not already reported (so a quick
 * leave-and-return, inside a vacate delay, reports nothing). A leave only reports that the channel or user
 * may be gone; the caller confirms with {@link #confirmVacated} / {@link #confirmMemberRemoved}, at once
 * or after a delay, and exactly one confirm per transition returns true, cluster-wide.
 *
 * <p>Connections of a node that dies stop being refreshed; {@link #sweep} hands each of them, once, to
 * one surviving node. Calls may block for a bounded time (a Redis round trip): callers keep them off
 * WebSocket threads. Thread-safe.
 */
public interface Occupancy extends AutoCloseable {

    /** What a subscribe changed. */
    record Joined(boolean channelOccupied, boolean memberAdded) {
    }

    /** What a leave may have changed; both are confirmed before being reported. */
    record Left(boolean channelMaybeVacated, boolean memberMaybeRemoved, String user) {
    }

    /** One subscription of a lost connection. */
    record LostSubscription(String channel, Left left) {
    }

    /** A connection of a dead node, with the subscriptions it held. */
    record Lost(ClientInfo client, List<LostSubscription> subscriptions) {
    }

    void connected(ClientInfo client);

    void disconnected(String clientId);

    Joined subscribed(String channel, ClientInfo client);

    Left unsubscribed(String channel, String clientId);

    /** True exactly once per vacancy: the channel is still empty and its vacancy was not reported yet. */
    boolean confirmVacated(String channel);

    /** True exactly once per departure: the user has no connection left in the channel, not yet reported. */
    boolean confirmMemberRemoved(String channel, String user);

    /** Connections whose node stopped refreshing them, each returned to exactly one caller; may be empty. */
    List<Lost> sweep();

    /** Whether {@link #sweep} can ever return anything (a single in-memory node cannot lose connections). */
    boolean clustered();

    @Override
    void close();
}
