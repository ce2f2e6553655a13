package io.herald.protocol;

import io.herald.hub.ClientInfo;
import io.herald.hub.ConnectResult;
import io.herald.hub.HistoryStore;
import io.herald.hub.Publication;
import io.herald.hub.StreamPosition;
import io.herald.hub.SubscribeResult;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * JSON bodies of command results, shared by WebSocket replies and HTTP API responses so both speak
 * the same shapes. Publications in JSON carry {@code data} (JSON) or {@code binary} (base64 bytes).
 */
public final class ResultJson {

    private ResultJson() {
    }

    public static String connect(ConnectResult r) {
        StringBuilder out = new StringBuilder(96).append("{\"client\":");
        JsonText.quote(out, r.client()).append(",\"user\":");
        JsonText.quote(out, r.user()).append(",\"ping\":").append(r.pingSeconds());
        if (r.expiresAtMillis() > 0) {
            out.append(",\"expires\":").append(r.expiresAtMillis() / 1000);
        }
        return out.append('}').toString();
    }

    /**
     * The push announcing a server-side subscription (granted by the backend, not asked by the client):
     * {@code {"type":"subscribed","channel":..,"epoch":..,"offset":..}}, before the channel's publications.
     */
    public static String subscribed(String channel, SubscribeResult r) {
        StringBuilder out = new StringBuilder(96).append("{\"type\":\"subscribed\",\"channel\":");
        JsonText.quote(out, channel).append(',');
        return appendPosition(out, r.position()).append('}').toString();
    }

    /** The result of {@code refresh}: the new expiry in epoch seconds, 0 for never. */
    public static String refresh(long expiresAtMillis) {
        return "{\"expires\":" + (expiresAtMillis / 1000) + "}";
    }

    public static String position(StreamPosition p) {
        return appendPosition(new StringBuilder(48).append('{'), p).append('}').toString();
    }

    public static String subscribe(SubscribeResult r) {
        StringBuilder out = new StringBuilder(64).append('{');
        appendPosition(out, r.position());
        if (r.recovered() != null) {
            out.append(",\"recovered\":").append(r.recovered().booleanValue());
            out.append(",\"publications\":");
            appendPublications(out, r.publications());
        }
        return out.append('}').toString();
    }

    public static String history(HistoryStore.Page page) {
        StringBuilder out = new StringBuilder(128).append('{');
        appendPosition(out, page.position()).append(",\"publications\":");
        appendPublications(out, page.publications());
        return out.append('}').toString();
    }

    public static String presence(Map<String, ClientInfo> clients) {
        StringBuilder out = new StringBuilder(64 + clients.size() * 64).append("{\"clients\":{");
        boolean first = true;
        for (Map.Entry<String, ClientInfo> e : clients.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.quote(out, e.getKey()).append(':');
            JsonFrameEncoder.appendClientInfo(out, e.getValue());
        }
        return out.append("}}").toString();
    }

    static StringBuilder appendPosition(StringBuilder out, StreamPosition p) {
        out.append("\"epoch\":");
        return JsonText.quote(out, p.epoch()).append(",\"offset\":").append(p.offset());
    }

    static void appendPublications(StringBuilder out, List<Publication> publications) {
        out.append('[');
        for (int i = 0; i < publications.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendPublication(out, publications.get(i));
        }
        out.append(']');
    }

    static void appendPublication(StringBuilder out, Publication p) {
        out.append("{\"channel\":");
        JsonText.quote(out, p.channel()).append(",\"offset\":").append(p.offset());
        if (p.payload().isBinary()) {
            out.append(",\"binary\":\"").append(Base64.getEncoder().encodeToString(p.payload().bytesUnsafe()))
                    .append('"');
        } else {
            out.append(",\"data\":").append(p.payload().json());
        }
        JsonFrameEncoder.appendInfo(out, p.info());
        out.append('}');
    }
}
