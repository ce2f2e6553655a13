package io.herald.bench.wire;

import java.util.ArrayList;
import java.util.List;

/** Herald protocol v1 (docs/protocol.md): connect, then one subscribe per channel; replies are acks. */
final class HeraldWire implements Wire {

    @Override
    public String path() {
        return "/ws";
    }

    @Override
    public String subprotocol() {
        return "herald.v1";
    }

    @Override
    public List<String> subscribe(List<String> channels, int firstId) {
        List<String> out = new ArrayList<>();
        out.add("{\"id\":" + firstId + ",\"type\":\"connect\"}");
        int id = firstId + 1;
        for (String channel : channels) {
            out.add("{\"id\":" + (id++) + ",\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        }
        return out;
    }

    @Override
    public int acksFor(int channels) {
        return channels + 1;
    }

    @Override
    public String publish(String channel, String payloadJson, int id) {
        return "{\"id\":" + id + ",\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":" + payloadJson + "}";
    }

    @Override
    public Kind classify(CharSequence text) {
        if (startsWith(text, "{\"type\":\"ping\"")) {
            return Kind.PING;
        }
        if (startsWith(text, "{\"id\":")) {
            return contains(text, "\"error\":") ? Kind.ERROR : Kind.ACK;
        }
        return startsWith(text, "{\"type\":\"pub\"") ? Kind.DATA : Kind.OTHER;
    }

    @Override
    public String pong() {
        return "{\"type\":\"pong\"}";
    }

    static boolean startsWith(CharSequence text, String prefix) {
        if (text.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean contains(CharSequence text, String part) {
        return text.toString().contains(part);
    }
}
