package io.herald.bench.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The bare broadcast servers' dialect (bench/peers/ws-server.js, TyrusBroadcastServer):
 * {@code S<channel>} subscribes and is acknowledged with {@code A<channel>};
 * {@code P<channel> <message>} sends {@code <message>} verbatim to every subscriber of the channel.
 * The publisher pre-builds the message as JSON, so these servers do no encoding at all: the raw ceiling.
 */
final class SimpleWire implements Wire {

    @Override
    public String path() {
        return "/ws";
    }

    @Override
    public String subprotocol() {
        return null;
    }

    @Override
    public List<String> subscribe(List<String> channels, int firstId) {
        List<String> out = new ArrayList<>();
        for (String channel : channels) {
            out.add("S" + channel);
        }
        return out;
    }

    @Override
    public int acksFor(int channels) {
        return channels;
    }

    @Override
    public String publish(String channel, String payloadJson, int id) {
        return "P" + channel + " {\"channel\":\"" + channel + "\",\"data\":" + payloadJson + "}";
    }

    @Override
    public Kind classify(CharSequence text) {
        if (text.length() > 0 && text.charAt(0) == 'A') {
            return Kind.ACK;
        }
        if (text.length() > 0 && text.charAt(0) == 'E') {
            return Kind.ERROR;
        }
        return text.length() > 0 && text.charAt(0) == '{' ? Kind.DATA : Kind.OTHER;
    }

    @Override
    public String pong() {
        return null;
    }
}
