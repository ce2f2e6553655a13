package io.herald.bench.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Socket.IO 4 over Engine.IO 4, websocket transport only (what {@code socket.io-client} sends with
 * {@code transports: ["websocket"]}): {@code 40} joins the default namespace, events are
 * {@code 42[...]}, the server's Engine.IO ping {@code 2} is answered with {@code 3}.
 * bench/peers/sio-server.js joins a room on {@code sub} and acks with an {@code ok} event; a
 * {@code pub} event is emitted to the room as {@code m}.
 */
final class SocketIoWire implements Wire {

    @Override
    public String path() {
        return "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public String subprotocol() {
        return null;
    }

    @Override
    public List<String> subscribe(List<String> channels, int firstId) {
        return List.of("40"); // events only after the namespace connect is acknowledged
    }

    @Override
    public List<String> afterAck(int ack, List<String> channels) {
        List<String> out = new ArrayList<>();
        if (ack == 1) {
            for (String channel : channels) {
                out.add("42[\"sub\",\"" + channel + "\"]");
            }
        }
        return out;
    }

    @Override
    public int acksFor(int channels) {
        return channels + 1; // the namespace connect ("40{...}") and one "ok" per channel
    }

    @Override
    public String publish(String channel, String payloadJson, int id) {
        return "42[\"pub\",\"" + channel + "\"," + payloadJson + "]";
    }

    @Override
    public Kind classify(CharSequence text) {
        if (text.length() == 1 && text.charAt(0) == '2') {
            return Kind.PING;
        }
        if (HeraldWire.startsWith(text, "42[\"m\"")) {
            return Kind.DATA;
        }
        if (HeraldWire.startsWith(text, "42[\"ok\"") || HeraldWire.startsWith(text, "40")) {
            return Kind.ACK;
        }
        if (HeraldWire.startsWith(text, "44")) {
            return Kind.ERROR;
        }
        return Kind.OTHER;
    }

    @Override
    public String pong() {
        return "3";
    }
}
