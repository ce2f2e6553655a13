package io.herald.websocket;

import io.herald.hub.Frame;
import io.herald.hub.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Adapts a {@link Session} to the hub's {@link Transport}: async sends, idempotent close. */
final class SessionTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final String remoteAddress;
    private final TyrusRawFrames raw;
    private final AtomicBoolean closed = new AtomicBoolean();

    SessionTransport(Session session, String remoteAddress) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.remoteAddress = remoteAddress;
        this.raw = TyrusRawFrames.forSession(session);
    }

    @Override
    public void send(Frame frame, SendCallback callback) {
        if (closed.get() || !session.isOpen()) {
            callback.completed(new IOException("session closed"));
            return;
        }
        try {
            if (frame instanceof Frame.Text text && raw != null) {
                // the frame is built once per publication and shared by every recipient on this node
                raw.send(text.encoded(TyrusRawFrames::textFrame), callback);
            } else if (frame instanceof Frame.Text text) {
                remote.sendText(text.text(), result -> callback.completed(result.isOK() ? null : result.getException()));
            } else if (frame instanceof Frame.Binary binary) {
                remote.sendBinary(binary.buffer(), result -> callback.completed(result.isOK() ? null : result.getException()));
            }
        } catch (Error e) {
            // Tyrus throws java.lang.Error(MalformedInputException) for text it cannot encode; left to
            // propagate it would wedge this queue and break the fan-out loop that called us
            if (!(e.getCause() instanceof CharacterCodingException)) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "unencodable text frame for {0}: {1}", remoteAddress, e.toString());
            callback.completed(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", e.toString());
        }
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }
}
