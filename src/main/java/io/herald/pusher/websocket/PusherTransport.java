package io.herald.pusher.websocket;

import io.herald.hub.Frame;
import io.herald.hub.Transport;
import io.herald.pusher.protocol.PusherCodes;

/**
 * The hub's transport of a Pusher connection: closes the hub decides (shutdown, slow consumer, no pong...)
 * leave with the Pusher code of the same meaning, in the range that makes pusher-js do the right thing.
 */
public final class PusherTransport implements Transport {
    private final Transport inner;

    public PusherTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public void send(Frame frame, SendCallback callback) {
        inner.send(frame, callback);
    }

    /** A close decided by the hub, with a Herald code: mapped to Pusher's. */
    @Override
    public void close(int code, String reason) {
        inner.close(PusherCodes.of(code), reason);
    }

    /** A close decided by the Pusher edge, already with a Pusher code. */
    public void closeWithPusherCode(int code, String reason) {
        inner.close(code, reason);
    }

    /** Never: pusher-js takes each frame as one message, and a frame holding two is lost (both events). */
    @Override
    public boolean joinsTextFrames() {
        return false;
    }

    @Override
    public String remoteAddress() {
        return inner.remoteAddress();
    }

    @Override
    public void execute(Runnable task) {
        inner.execute(task);
    }
}
