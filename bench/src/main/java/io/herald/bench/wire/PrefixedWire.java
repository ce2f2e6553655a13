package io.herald.bench.wire;

import java.util.List;

/**
 * A dialect served under a context path: a WAR deployed in a servlet container at {@code /herald}
 * answers the handshake at {@code /herald/ws}, not {@code /ws}. Everything else is the wrapped dialect's.
 */
final class PrefixedWire implements Wire {
    private final Wire inner;
    private final String prefix;

    PrefixedWire(Wire inner, String prefix) {
        this.inner = inner;
        this.prefix = prefix;
    }

    @Override
    public String path() {
        return prefix + inner.path();
    }

    @Override
    public String subprotocol() {
        return inner.subprotocol();
    }

    @Override
    public List<String> subscribe(List<String> channels, int firstId) {
        return inner.subscribe(channels, firstId);
    }

    @Override
    public List<String> afterAck(int ack, List<String> channels) {
        return inner.afterAck(ack, channels);
    }

    @Override
    public int acksFor(int channels) {
        return inner.acksFor(channels);
    }

    @Override
    public String publish(String channel, String payloadJson, int id) {
        return inner.publish(channel, payloadJson, id);
    }

    @Override
    public Kind classify(CharSequence text) {
        return inner.classify(text);
    }

    @Override
    public String pong() {
        return inner.pong();
    }
}
