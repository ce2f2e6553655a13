package io.herald.websocket;

import io.herald.hub.Frame;
import io.herald.hub.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Adapts a {@link Session} to the hub's {@link Transport}: async sends, and an idempotent close that
 * never blocks the caller and never races the message in flight.
 *
 * <p>Why the close waits for the send in flight: containers queue a close frame behind it and then
 * misbehave when that message is stuck on a client that stopped reading. Tomcat gives up after 50 ms
 * for codes other than 1000 and drops the connection; Tyrus on a servlet container (GlassFish) closes
 * the connection with the close frame still queued. Either way the client sees 1006 instead of the
 * documented code (4001 for a slow consumer). So the close is sent once the message in flight
 * completes, or after {@link #CLOSE_WAIT_MILLIS} regardless, on a {@link SessionCloser} thread.
 */
public final class SessionTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());
    /** How long a close waits for the message in flight; also Tomcat's wait to queue the close frame. */
    static final long CLOSE_WAIT_MILLIS = 5_000;
    static final String TOMCAT_CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final String remoteAddress;
    private final SessionCloser closer;
    private final TyrusRawFrames raw;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sendLock = new Object();
    private boolean sending;         // guarded by sendLock
    private Runnable closeAfterSend; // guarded by sendLock

    /**
     * The transport of a session of a container a hub is bound to ({@link HubDirectory}); for endpoints of
     * other protocols over the same hub.
     */
    public static SessionTransport of(Session session) {
        return new SessionTransport(session, RemoteAddress.of(session), HubDirectory.closer(session.getContainer()));
    }

    /** @param closer where closes run; null closes on the caller's thread at once */
    SessionTransport(Session session, String remoteAddress, SessionCloser closer) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.remoteAddress = remoteAddress;
        this.closer = closer;
        this.raw = TyrusRawFrames.forSession(session);
    }

    @Override
    public void send(Frame frame, SendCallback callback) {
        if (closed.get() || !session.isOpen()) {
            callback.completed(new IOException("session closed"));
            return;
        }
        synchronized (sendLock) {
            sending = true;
        }
        SendCallback done = error -> {
            sendDone();
            callback.completed(error);
        };
        SendHandler handler = result -> done.completed(result.isOK() ? null : result.getException());
        try {
            if (frame instanceof Frame.Text text && raw != null) {
                // the frame is built once per publication and shared by every recipient on this node
                raw.send(text.encoded(TyrusRawFrames::textFrame), done);
            } else if (frame instanceof Frame.Text text) {
                remote.sendText(text.text(), handler);
            } else if (frame instanceof Frame.Binary binary) {
                remote.sendBinary(binary.buffer(), handler);
            }
        } catch (RuntimeException e) {
            sendDone();
            throw e;
        } catch (Error e) {
            // Tyrus throws java.lang.Error(MalformedInputException) for text it cannot encode; left to
            // propagate it would wedge this queue and break the fan-out loop that called us
            if (!(e.getCause() instanceof CharacterCodingException)) {
                sendDone();
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "unencodable text frame for {0}: {1}", remoteAddress, e.toString());
            done.completed(e);
        }
    }

    private void sendDone() {
        Runnable close;
        synchronized (sendLock) {
            sending = false;
            close = closeAfterSend;
            closeAfterSend = null;
        }
        if (close != null) {
            close.run();
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (closer == null) {
            closeNow(code, reason);
            return;
        }
        AtomicBoolean once = new AtomicBoolean();
        Runnable close = () -> {
            if (once.compareAndSet(false, true)) {
                closer.submit(() -> closeNow(code, reason));
            }
        };
        boolean waitForSend;
        synchronized (sendLock) {
            waitForSend = sending;
            if (waitForSend) {
                closeAfterSend = close;
            }
        }
        if (waitForSend) {
            closer.schedule(close, CLOSE_WAIT_MILLIS);
        } else {
            close.run();
        }
    }

    private void closeNow(int code, String reason) {
        try {
            if (session.isOpen()) {
                session.getUserProperties().put(TOMCAT_CLOSE_SEND_TIMEOUT, CLOSE_WAIT_MILLIS);
            }
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
