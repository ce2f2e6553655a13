package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;
import io.herald.hooks.HookType;
import io.herald.protocol.JsonText;

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
 * <p>During a secret rotation the first secret signs: Pusher's header carries one signature, and the
 * SDKs check it against the one secret they are given.
 */
public final class PusherWebhookFormat implements WebhookFormat {
    public static final String NAME = "pusher";
    /** Pusher's client events are named; a Herald publish has no name, so it is sent under this one. */
    public static final String PUBLISH_EVENT_NAME = "client-publish";

    @Override
    public boolean supports(HookType type) {
        return switch (type) {
            case CHANNEL_OCCUPIED, CHANNEL_VACATED, MEMBER_ADDED, MEMBER_REMOVED, PUBLISH -> true;
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

    private static void event(StringBuilder out, HookEvent e) {
        String name = e.type() == HookType.PUBLISH ? "client_event" : e.type().wireName();
        out.append("{\"name\":\"").append(name).append("\",\"channel\":");
        JsonText.quote(out, e.channel());
        if (e.type() == HookType.MEMBER_ADDED || e.type() == HookType.MEMBER_REMOVED) {
            out.append(",\"user_id\":");
            JsonText.quote(out, e.user());
        } else if (e.type() == HookType.PUBLISH) {
            out.append(",\"event\":\"").append(PUBLISH_EVENT_NAME).append("\",\"data\":");
            // Pusher's data is a string holding the client's JSON
            String data = e.data().isBinary() ? Base64.getEncoder().encodeToString(e.data().bytesUnsafe())
                    : e.data().json();
            JsonText.quote(out, data);
            out.append(",\"socket_id\":");
            JsonText.quote(out, e.client());
            if (!e.user().isEmpty()) {
                out.append(",\"user_id\":");
                JsonText.quote(out, e.user());
            }
        }
        out.append('}');
    }

    @Override
    public Map<String, String> headers(byte[] body, WebhookTarget target) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Pusher-Key", target.key());
        headers.put("X-Pusher-Signature", Hmac.sha256Hex(target.secrets().get(0), body));
        return headers;
    }

}
