package io.herald.pusher.protocol;

import io.herald.hub.ClientInfo;
import io.herald.hub.ClientSession;
import io.herald.hub.ErrorCode;
import io.herald.hub.FrameEncoder;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.hub.Publication;
import io.herald.hub.StreamPosition;
import io.herald.hub.SubscribeResult;
import io.herald.protocol.JsonText;
import io.herald.config.PusherApp;
import io.herald.pusher.PusherChannel;
import io.herald.pusher.Signatures;
import jakarta.json.JsonObject;

import java.util.List;

/**
 * {@code pusher:subscribe} and {@code pusher:unsubscribe} of one connection: checks the channel auth
 * (private, encrypted and presence channels), the presence {@code channel_data}, then subscribes in the hub
 * and answers with {@code subscription_succeeded} (with the members of a presence channel), replays a
 * cache channel's last event or sends {@code pusher:cache_miss}, and, with the recovery extension, the
 * publications missed since {@code herald_since}.
 */
final class PusherSubscriptions {
    private final PusherConnection connection;

    PusherSubscriptions(PusherConnection connection) {
        this.connection = connection;
    }

    void subscribe(JsonObject data) {
        ClientSession session = connection.session();
        PusherApp app = connection.app();
        String name = PusherConnection.string(data, "channel");
        PusherChannel channel = PusherChannel.parse(app.id(), name);
        if (channel == null) {
            session.send(PusherFrames.subscriptionError(name == null ? "" : name, "InvalidChannel",
                    "channel names are 1-" + PusherChannel.MAX_NAME_LENGTH
                            + " characters of A-Z a-z 0-9 _ - = @ , . ;", 400));
            return;
        }
        ClientInfo member = null;
        if (channel.kind() == PusherChannel.Kind.USER) {
            String user = connection.signedInUser();
            if (user == null || !name.equals("#server-to-user-" + user)) {
                session.send(PusherFrames.subscriptionError(name, "AuthError", "sign in as this user first", 403));
                return;
            }
        } else if (channel.kind().needsAuth()) {
            String channelData = channel.kind() == PusherChannel.Kind.PRESENCE
                    ? PusherConnection.string(data, "channel_data") : null;
            if (!Signatures.channelAuthValid(app, PusherConnection.string(data, "auth"), connection.socketId(), name,
                    channelData)) {
                session.send(PusherFrames.subscriptionError(name, "AuthError",
                        "invalid signature: expected key:HMAC-SHA256(secret, socket_id:channel"
                                + (channelData == null ? "" : ":channel_data") + ")", 401));
                return;
            }
            if (channel.kind() == PusherChannel.Kind.PRESENCE) {
                member = member(name, channelData);
                if (member == null) {
                    return;
                }
            }
        }
        subscribe(channel, member, data);
    }

    /** The presence member of {@code channel_data}, or null (after telling the client) when it is bad. */
    private ClientInfo member(String name, String channelData) {
        JsonObject parsed = channelData == null ? null : PusherConnection.parse(channelData);
        String userId = parsed == null ? null : PusherConnection.idOf(parsed.get("user_id"));
        if (userId == null) {
            connection.session().send(PusherFrames.subscriptionError(name, "InvalidChannelData",
                    "channel_data must be a JSON object with a user_id of 1-" + PusherConnection.MAX_USER_ID
                            + " characters", 400));
            return null;
        }
        var info = parsed.get("user_info");
        return new ClientInfo(connection.socketId(), userId, PusherFrames.isNull(info) ? "" : info.toString());
    }

    private void subscribe(PusherChannel channel, ClientInfo member, JsonObject data) {
        ClientSession session = connection.session();
        Hub hub = connection.hub();
        String herald = channel.heraldName();
        StreamPosition since = null;
        if (channel.cached()) {
            StreamPosition now = hub.server().history(herald, 0, null).position();
            since = now.offset() > 0 ? new StreamPosition(now.offset() - 1, now.epoch()) : null;
        } else if (connection.app().recovery()) {
            since = PusherConnection.position(data.get("herald_since"));
        }
        if (member != null) {
            connection.trackMembers(herald, member.user());
        }
        boolean cached = channel.cached();
        try {
            hub.subscribe(session, herald, since, null, member, result -> reply(channel, member, cached, result));
        } catch (HubException e) {
            if (e.code() == ErrorCode.ALREADY_SUBSCRIBED) {
                session.send(PusherFrames.subscriptionSucceeded(channel.name(), succeededData(herald, member, null)));
                return;
            }
            if (member != null) {
                connection.untrack(herald);
            }
            session.send(PusherFrames.subscriptionError(channel.name(), errorType(e.code()), e.getMessage(),
                    e.code().httpStatus()));
        }
    }

    private void reply(PusherChannel channel, ClientInfo member, boolean cached, SubscribeResult result) {
        ClientSession session = connection.session();
        String herald = channel.heraldName();
        session.send(PusherFrames.subscriptionSucceeded(channel.name(), succeededData(herald, member, result)));
        FrameEncoder frames = connection.encoder();
        List<Publication> missed = result.publications();
        if (cached && missed.isEmpty()) {
            session.send(PusherFrames.cacheMiss(channel.name()));
            connection.hub().reportCacheMiss(session, herald);
        }
        for (Publication p : missed) {
            if (connection.wants(p)) {
                session.send(frames.publication(p));
            }
        }
    }

    private String succeededData(String herald, ClientInfo member, SubscribeResult result) {
        String data = "{}";
        if (member != null) {
            var present = connection.hub().server().presence(herald).values();
            connection.knownMembers(herald, present);
            data = PusherFrames.presenceData(present);
        }
        if (!connection.app().recovery() || result == null) {
            return data;
        }
        StringBuilder ext = new StringBuilder(data.length() + 80).append(data, 0, data.length() - 1);
        if (data.length() > 2) {
            ext.append(',');
        }
        ext.append("\"herald_position\":{\"offset\":").append(result.position().offset()).append(",\"epoch\":");
        JsonText.quote(ext, result.position().epoch()).append('}');
        if (result.recovered() != null) {
            ext.append(",\"herald_recovered\":").append(result.recovered());
        }
        return ext.append('}').toString();
    }

    private static String errorType(ErrorCode code) {
        return switch (code) {
            case LIMIT_EXCEEDED -> "LimitReached";
            case UNAVAILABLE -> "ServiceUnavailable";
            default -> "InvalidChannel";
        };
    }

    void unsubscribe(JsonObject data) {
        PusherChannel channel = PusherChannel.parse(connection.app().id(), PusherConnection.string(data, "channel"));
        if (channel == null) {
            return;
        }
        String herald = channel.heraldName();
        connection.untrack(herald);
        if (connection.session().isSubscribed(herald)) {
            connection.hub().unsubscribe(connection.session(), herald);
        }
    }

}
