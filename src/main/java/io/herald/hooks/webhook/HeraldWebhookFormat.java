package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;
import io.herald.hooks.HookType;
import io.herald.protocol.JsonText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Herald's own webhook format: {@code {"node":..,"time":..,"events":[{"id":..,"type":..,"time":..,...}]}},
 * signed in {@code X-Herald-Signature: sha256=<hex>} with every configured secret (two during a rotation,
 * comma-separated), so a backend that knows either secret accepts the request.
 */
public final class HeraldWebhookFormat implements WebhookFormat {
    public static final String NAME = "herald";
    public static final String SIGNATURE_HEADER = "X-Herald-Signature";

    @Override
    public boolean supports(HookType type) {
        return type != HookType.CACHE_MISS; // a Pusher notion: Herald's channels have no cache kind
    }

    @Override
    public byte[] body(List<HookEvent> events, long timeMillis, String node) {
        StringBuilder out = new StringBuilder(128 * events.size() + 64).append("{\"node\":");
        JsonText.quote(out, node).append(",\"time\":").append(timeMillis).append(",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            event(out, events.get(i));
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void event(StringBuilder out, HookEvent e) {
        out.append("{\"id\":");
        JsonText.quote(out, e.id()).append(",\"type\":\"").append(e.type().wireName()).append("\",\"time\":")
                .append(e.timeMillis());
        if (e.type().hasChannel()) {
            field(out, "channel", e.channel());
        }
        switch (e.type()) {
            case CHANNEL_OCCUPIED, CHANNEL_VACATED -> { }
            case MEMBER_ADDED, MEMBER_REMOVED -> field(out, "user", e.user());
            default -> {
                field(out, "client", e.client());
                field(out, "user", e.user());
                field(out, "name", e.name());
            }
        }
        if (e.type() == HookType.DISCONNECT) {
            out.append(",\"code\":").append(e.code());
            field(out, "reason", e.reason());
        }
        if (e.data() != null) {
            if (e.data().isBinary()) {
                field(out, "dataBase64", Base64.getEncoder().encodeToString(e.data().bytesUnsafe()));
            } else {
                out.append(",\"data\":").append(e.data().json());
            }
        }
        out.append('}');
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        JsonText.quote(out, value);
    }

    @Override
    public Map<String, String> headers(byte[] body, WebhookTarget target) {
        List<String> signatures = new ArrayList<>();
        for (String secret : target.secrets()) {
            signatures.add("sha256=" + Hmac.sha256Hex(secret, body));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SIGNATURE_HEADER, String.join(",", signatures));
        return headers;
    }
}
