package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;
import io.herald.hooks.HookType;
import io.herald.protocol.JsonText;
import io.herald.pusher.PusherChannel;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pusher Channels' webhook format, so Pusher server SDKs verify and parse Herald's webhooks unchanged:
 * body {@code {"time_ms":..,"events":[{"name":"channel_occupied","channel":".."},..]}}, header
 * {@code X-Pusher-Key} with the app key and {@code X-Pusher-Signature} with the hex HMAC-SHA256 of the
 * body under the app secret. Pusher knows only channel existence, presence membership and client
 * events; connect, disconnect, subscribe and unsubscribe are not sent in this format.
 *
 * <p>For a Pusher app's own target ({@link #forApps()}) channels are named as the app's clients name them
 * and a client event is sent under its own name with its own data; a configured {@code pusher}-format target
 * sees Herald channel names and publishes as {@value #PUBLISH_EVENT_NAME}.
 *
 * <p>During a secret rotation the first secret signs: Pusher's header carries one signature, and the
 * SDKs check it against the one secret they are given.
 */
public final class PusherWebhookFormat implements WebhookFormat {
    public static final String NAME = "pusher";
    /** Pusher's client events are named; a Herald publish has no name, so it is sent under this one. */
    public static final String PUBLISH_EVENT_NAME = "client-publish";

    private final boolean appChannels;

    public PusherWebhookFormat() {
        this(false);
    }

    private PusherWebhookFormat(boolean appChannels) {
        this.appChannels = appChannels;
    }

    /** The format of Pusher apps' own targets: Pusher channel names, client events as their clients sent them. */
    public static PusherWebhookFormat forApps() {
        return new PusherWebhookFormat(true);
    }

    @Override
    public boolean supports(HookType type) {
        return switch (type) {
            case CHANNEL_OCCUPIED, CHANNEL_VACATED, MEMBER_ADDED, MEMBER_REMOVED, PUBLISH, CACHE_MISS -> true;
            default -> false;
        };
    }

    @Override
    public byte[] body(List<HookEvent> events, long timeMillis, String node) {
        StringBuilder out = new StringBuilder(96 * events.size() + 32).append("{\"time_ms\":").append(timeMillis)
                .append(",\"events\":[");
        boolean first = true;
        for (HookEvent e : events) {
            if (!supports(e.type())) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            event(out, e);
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void event(StringBuilder out, HookEvent e) {
        String name = switch (e.type()) {
            case PUBLISH -> "client_event";
            default -> e.type().wireName();
        };
        out.append("{\"name\":\"").append(name).append("\",\"channel\":");
        JsonText.quote(out, appChannels ? PusherChannel.pusherName(e.channel()) : e.channel());
        if (e.type() == HookType.MEMBER_ADDED || e.type() == HookType.MEMBER_REMOVED) {
            out.append(",\"user_id\":");
            JsonText.quote(out, e.user());
        } else if (e.type() == HookType.PUBLISH) {
            clientEvent(out, e);
        }
        out.append('}');
    }

    private void clientEvent(StringBuilder out, HookEvent e) {
        String event = PUBLISH_EVENT_NAME;
        // Pusher's data is a string holding the client's JSON
        String data = e.data().isBinary() ? Base64.getEncoder().encodeToString(e.data().bytesUnsafe()) : e.data().json();
        String user = e.user();
        JsonObject sent = appChannels && !e.data().isBinary() ? clientEventOf(data) : null;
        if (sent != null) { // a Pusher client's event: {"event":"client-x","data":..,"user_id":..}
            event = sent.getString("event");
            JsonValue value = sent.get("data");
            data = value == null ? "" : value instanceof JsonString s ? s.getString() : value.toString();
            user = sent.get("user_id") instanceof JsonString s ? s.getString() : "";
        }
        out.append(",\"event\":");
        JsonText.quote(out, event).append(",\"data\":");
        JsonText.quote(out, data);
        out.append(",\"socket_id\":");
        JsonText.quote(out, e.client());
        if (!user.isEmpty()) {
            out.append(",\"user_id\":");
            JsonText.quote(out, user);
        }
    }

    /** The client event a Pusher connection published, or null for any other publish. */
    private static JsonObject clientEventOf(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject o && o.get("event") instanceof JsonString s && s.getString().startsWith("client-")) {
                return o;
            }
        } catch (RuntimeException ignored) {
            // not JSON of a Pusher client: sent as a plain publish
        }
        return null;
    }

    @Override
    public Map<String, String> headers(byte[] body, WebhookTarget target) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Pusher-Key", target.key());
        headers.put("X-Pusher-Signature", Hmac.sha256Hex(target.secrets().get(0), body));
        return headers;
    }

}
