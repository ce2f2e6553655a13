package io.herald.hub;

/**
 * Who may do what on a channel, from the client's side: connected state, user-limited channels
 * ({@code ns:#alice}), private namespaces and each namespace's publish, presence and history rules.
 * Every refusal is a {@link HubException} with {@link ErrorCode#PERMISSION_DENIED} or
 * {@link ErrorCode#NOT_CONNECTED}. Stateless.
 */
final class ChannelAccess {

    private ChannelAccess() {
    }

    static void requireConnected(ClientSession session) {
        if (session.state() != ClientSession.State.CONNECTED) {
            throw new HubException(ErrorCode.NOT_CONNECTED, "send connect first");
        }
    }

    /**
     * A channel whose name has {@code #user} belongs to that user alone.
     *
     * @return whether the channel is user-limited (and so, having passed, the client's own)
     */
    static boolean requireChannelUser(ClientSession session, String channel) {
        int hash = channel.indexOf('#');
        if (hash < 0) {
            return false;
        }
        String owner = channel.substring(hash + 1);
        String user = session.info().user();
        if (user.isEmpty() || !owner.equals(user)) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "this channel belongs to another user");
        }
        return true;
    }

    /** Presence and history: open to all clients or to subscribers only, per namespace. */
    static void requireReadAccess(ClientSession session, String channel, NamespaceConfig ns,
                                  ClientAccess access, String what) {
        requireChannelUser(session, channel);
        if ((access == ClientAccess.SUBSCRIBERS || ns.privateChannels()) && !session.isSubscribed(channel)) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "subscribe before asking for " + what);
        }
    }

    /** A client's publish: the namespace's publish policy, the channel's user, private namespaces. */
    static void requirePublish(ClientSession session, String channel, NamespaceConfig ns) {
        switch (ns.publish()) {
            case SERVER -> throw new HubException(ErrorCode.PERMISSION_DENIED,
                    "clients may not publish in this namespace");
            case SUBSCRIBERS -> {
                if (!session.isSubscribed(channel)) {
                    throw new HubException(ErrorCode.PERMISSION_DENIED, "subscribe before publishing");
                }
            }
            case CLIENTS -> { }
        }
        requireChannelUser(session, channel);
        if (ns.privateChannels() && !session.isSubscribed(channel)) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "subscribe before publishing in a private namespace");
        }
    }
}
