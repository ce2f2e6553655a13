package io.herald.pusher.protocol;

import io.herald.hub.ClientInfo;
import io.herald.hub.CloseCode;
import io.herald.hub.Frame;
import io.herald.hub.FrameEncoder;
import io.herald.hub.Publication;
import io.herald.protocol.JsonText;
import io.herald.pusher.PusherChannel;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Pusher protocol's server messages. As the hub's {@link FrameEncoder} of Pusher connections it turns
 * publications into events ({@code {"event","channel","data"}}), joins and leaves into
 * {@code pusher_internal:member_added/removed}; a leave of a user who still has a connection in the channel
 * (another tab, another node) sends nothing. Thread-safe and stateless apart from the presence lookup.
 *
 * <p>Publications made by the Pusher edges carry the payload {@code {"event":E,"data":D[,"user_id":U]}};
 * any other payload (published through Herald's own API) arrives as event {@code message} with the payload
 * as data.
 */
public final class PusherFrames implements FrameEncoder {
    static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());
    private static final Frame PING = new Frame.Text("{\"event\":\"pusher:ping\",\"data\":{}}");
    private static final Frame PONG = new Frame.Text("{\"event\":\"pusher:pong\",\"data\":{}}");

    private final Function<String, Map<String, ClientInfo>> presence;
    private final boolean positions;

    /**
     * @param presence  who is present in a Herald channel, across the cluster
     * @param positions whether events carry {@code herald_offset} (the recovery extension)
     */
    public PusherFrames(Function<String, Map<String, ClientInfo>> presence, boolean positions) {
        this.presence = presence;
        this.positions = positions;
    }

    @Override
    public Frame publication(Publication publication) {
        String channel = PusherChannel.pusherName(publication.channel());
        StringBuilder out = new StringBuilder(publication.payload().size() + channel.length() + 48);
        if (publication.payload().isBinary()) {
            return null;
        }
        String json = publication.payload().json();
        JsonObject event = asEvent(json);
        out.append("{\"event\":");
        if (event == null) {
            JsonText.quote(out, "message").append(",\"channel\":");
            JsonText.quote(out, channel).append(",\"data\":").append(json);
        } else {
            JsonText.quote(out, event.getString("event")).append(",\"channel\":");
            JsonText.quote(out, channel).append(",\"data\":").append(event.get("data"));
            if (event.get("user_id") instanceof JsonString user) {
                out.append(",\"user_id\":");
                JsonText.quote(out, user.getString());
            }
        }
        if (positions && publication.offset() > 0) {
            out.append(",\"herald_offset\":").append(publication.offset());
        }
        return new Frame.Text(out.append('}').toString());
    }

    private static JsonObject asEvent(String json) {
        if (!json.startsWith("{\"event\":")) {
            return null;
        }
        try {
            JsonObject o = JSON.createReader(new StringReader(json)).readObject();
            return o.get("event") instanceof JsonString && o.containsKey("data") ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The payload the hub stores for an event. */
    public static String payload(String event, String dataJson, String userId) {
        StringBuilder out = new StringBuilder(dataJson.length() + event.length() + 32).append("{\"event\":");
        JsonText.quote(out, event).append(",\"data\":").append(dataJson);
        if (userId != null) {
            out.append(",\"user_id\":");
            JsonText.quote(out, userId);
        }
        return out.append('}').toString();
    }

    @Override
    public Frame join(String channel, ClientInfo member) {
        if (PusherWatchlist.isWatchlist(channel)) {
            return PusherWatchlist.event("online", java.util.List.of(member.user()));
        }
        StringBuilder data = new StringBuilder("{\"user_id\":");
        JsonText.quote(data, member.user()).append(",\"user_info\":").append(userInfo(member)).append('}');
        return internal("pusher_internal:member_added", PusherChannel.pusherName(channel), data.toString());
    }

    @Override
    public Frame leave(String channel, ClientInfo member) {
        if (stillPresent(channel, member)) {
            return null; // another connection of this user is still in the channel
        }
        if (PusherWatchlist.isWatchlist(channel)) {
            return PusherWatchlist.event("offline", java.util.List.of(member.user()));
        }
        StringBuilder data = new StringBuilder("{\"user_id\":");
        JsonText.quote(data, member.user()).append('}');
        return internal("pusher_internal:member_removed", PusherChannel.pusherName(channel), data.toString());
    }

    private boolean stillPresent(String channel, ClientInfo member) {
        try {
            for (ClientInfo other : presence.apply(channel).values()) {
                if (other.user().equals(member.user()) && !other.client().equals(member.client())) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false; // presence unreadable: telling of a leave beats a ghost member
        }
    }

    @Override
    public Frame ping() {
        return PING;
    }

    public static Frame pong() {
        return PONG;
    }

    @Override
    public Frame disconnect(CloseCode code, String reason) {
        return error(PusherCodes.of(code), reason);
    }

    // ---- replies ------------------------------------------------------------------------------------

    public static Frame connectionEstablished(String socketId, long activityTimeoutSeconds) {
        StringBuilder data = new StringBuilder("{\"socket_id\":");
        JsonText.quote(data, socketId).append(",\"activity_timeout\":").append(activityTimeoutSeconds).append('}');
        StringBuilder out = new StringBuilder("{\"event\":\"pusher:connection_established\",\"data\":");
        return new Frame.Text(JsonText.quote(out, data.toString()).append('}').toString());
    }

    /** {@code pusher:error}; {@code code} null for Pusher's code-less errors. */
    public static Frame error(Integer code, String message) {
        StringBuilder out = new StringBuilder("{\"event\":\"pusher:error\",\"data\":{\"code\":")
                .append(code == null ? "null" : code.toString()).append(",\"message\":");
        return new Frame.Text(JsonText.quote(out, message).append("}}").toString());
    }

    public static Frame subscriptionSucceeded(String channel, String dataJson) {
        return internal("pusher_internal:subscription_succeeded", channel, dataJson);
    }

    /** {@code pusher:subscription_error} with Pusher's {@code {type, error, status}}. */
    public static Frame subscriptionError(String channel, String type, String error, int status) {
        StringBuilder out = new StringBuilder("{\"event\":\"pusher:subscription_error\",\"channel\":");
        JsonText.quote(out, channel).append(",\"data\":{\"type\":");
        JsonText.quote(out, type).append(",\"error\":");
        JsonText.quote(out, error).append(",\"status\":").append(status).append("}}");
        return new Frame.Text(out.toString());
    }

    public static Frame cacheMiss(String channel) {
        StringBuilder out = new StringBuilder("{\"event\":\"pusher:cache_miss\",\"channel\":");
        return new Frame.Text(JsonText.quote(out, channel).append(",\"data\":{}}").toString());
    }

    public static Frame signinSuccess(String userData) {
        StringBuilder out = new StringBuilder("{\"event\":\"pusher:signin_success\",\"data\":{\"user_data\":");
        return new Frame.Text(JsonText.quote(out, userData).append("}}").toString());
    }

    /** The presence payload of {@code subscription_succeeded}: one member per user. */
    public static String presenceData(Collection<ClientInfo> present) {
        Map<String, ClientInfo> byUser = new LinkedHashMap<>();
        for (ClientInfo info : present) {
            byUser.putIfAbsent(info.user(), info);
        }
        StringBuilder ids = new StringBuilder("[");
        StringBuilder hash = new StringBuilder("{");
        for (ClientInfo info : byUser.values()) {
            if (ids.length() > 1) {
                ids.append(',');
                hash.append(',');
            }
            JsonText.quote(ids, info.user());
            JsonText.quote(hash, info.user()).append(':').append(userInfo(info));
        }
        return "{\"presence\":{\"ids\":" + ids.append(']') + ",\"hash\":" + hash.append('}') + ",\"count\":"
                + byUser.size() + "}}";
    }

    private static String userInfo(ClientInfo member) {
        return member.name().isEmpty() ? "null" : member.name();
    }

    /** {@code pusher_internal:subscription_count} of a channel, by its Pusher name. */
    public static Frame subscriptionCount(String channel, int count) {
        return internal("pusher_internal:subscription_count", channel, "{\"subscription_count\":" + count + "}");
    }

    /** An internal event whose data is a JSON-encoded string, as Pusher sends them. */
    private static Frame internal(String event, String channel, String dataJson) {
        StringBuilder out = new StringBuilder(dataJson.length() + channel.length() + 64).append("{\"event\":");
        JsonText.quote(out, event).append(",\"channel\":");
        JsonText.quote(out, channel).append(",\"data\":");
        return new Frame.Text(JsonText.quote(out, dataJson).append('}').toString());
    }

    static boolean isNull(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }
}
