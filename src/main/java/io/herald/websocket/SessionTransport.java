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
 *
 * <p>On GlassFish the container's own write queue is capped ({@link ContainerWriteBound}) after the first
 * write, so a send completes only when the container could take it and the backlog stays in the hub's queue.
 */
public final class SessionTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());
    /**
     * How long a close waits for the message in flight; also Tomcat's wait to send a close frame other than
     * 1000 (its {@code ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT}, 50 ms by default), set on every session.
     */
    static final long CLOSE_WAIT_MILLIS = 5_000;
    static final String TOMCAT_CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";
    private static final String TYRUS_PACKAGE = "org.glassfish.tyrus.";

    /**
     * The transport's life. IDLE and SENDING alternate (one send in flight); a close while SENDING waits in
     * CLOSE_AFTER_SEND for that send (or the timeout); CLOSED is final. Every change goes through
     * {@link #sendStarted}, {@link #sendEnded} or {@link #closeRequested}.
     */
    enum State {
        IDLE, SENDING, CLOSE_AFTER_SEND, CLOSED;

        static final State[] ALL = values();
    }

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final String remoteAddress;
    private final SessionCloser closer;
    private final TyrusRawFrames raw;
    private final DirectFrames.Sink direct; // null: no direct path for this session
    private final ContainerWriteBound containerBound;
    // A State's ordinal, guarded by this: a byte, not an enum reference, so that a send's two state changes are
    // primitive stores and dirty no G1 card in this long-lived (old-generation) object
    private byte state = (byte) State.IDLE.ordinal();
    private Runnable closeAfterSend;  // guarded by this; set in CLOSE_AFTER_SEND

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
        Object webSocket = TyrusRawFrames.webSocketOf(session);
        TyrusRawFrames rawFrames = TyrusRawFrames.forSession(session, webSocket);
        this.containerBound = ContainerWriteBound.forSession(session, webSocket);
        this.direct = rawFrames == null ? null : directSink(session, webSocket);
        this.raw = direct == null ? rawFrames : null; // the fallback is kept only when it is the path
        // from the start, not only for Herald's own closes: Tomcat also sends a close frame on its own (1002 on
        // a protocol error, 1007, 1009, the echo of a client's close), and with its 50 ms default a busy
        // machine loses the frame (the socket is closed without it); other containers ignore the property, so a
        // Tyrus session (standalone, GlassFish) does not get it: it would stay in the session's
        // user properties: a map entry and a boxed Long, about 50 bytes of every idle connection
        if (!session.getClass().getName().startsWith(TYRUS_PACKAGE)) {
            session.getUserProperties().put(TOMCAT_CLOSE_SEND_TIMEOUT, CLOSE_WAIT_MILLIS);
        }
    }

    /** The bound {@link DirectFrames}' sink for this (raw-capable Tyrus) session, or null. */
    private static DirectFrames.Sink directSink(Session session, Object webSocket) {
        DirectFrames frames = HubDirectory.directFrames(session.getContainer());
        Object writer = frames == null || webSocket == null ? null : TyrusRawFrames.writerOf(webSocket);
        return writer == null ? null : frames.sinkFor(writer);
    }

    @Override
    public void send(Frame frame, SendCallback callback) {
        if (!session.isOpen() || !sendStarted()) {
            callback.completed(new IOException("session closed"));
            return;
        }
        SendCallback done = error -> {
            if (error == null) {
                containerBound.applyIfPending();
            }
            sendEnded();
            callback.completed(error);
        };
        try {
            if (frame instanceof Frame.Text text && direct != null) {
                // straight to the connection's write queue: no per-message container machinery
                direct.write(text.encoded(TyrusRawFrames::textFrame), done);
            } else if (frame instanceof Frame.Text text && raw != null) {
                // the frame is built once per publication and shared by every recipient on this node
                raw.send(text.encoded(TyrusRawFrames::textFrame), done);
            } else if (frame instanceof Frame.Text text) {
                remote.sendText(text.text(), handler(done));
            } else if (frame instanceof Frame.Binary binary) {
                remote.sendBinary(binary.buffer(), handler(done));
            }
        } catch (RuntimeException e) {
            sendEnded();
            throw e;
        } catch (Error e) {
            // Tyrus throws java.lang.Error(MalformedInputException) for text it cannot encode; left to
            // propagate it would wedge this queue and break the fan-out loop that called us
            if (!(e.getCause() instanceof CharacterCodingException)) {
                sendEnded();
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "unencodable text frame for {0}: {1}", remoteAddress, e.toString());
            done.completed(e);
        }
    }

    private static SendHandler handler(SendCallback done) {
        return result -> done.completed(result.isOK() ? null : result.getException());
    }

    /** IDLE to SENDING; false when closing or closed (a second concurrent send breaks the contract: refused too). */
    private synchronized boolean sendStarted() {
        if (!is(State.IDLE)) {
            return false;
        }
        set(State.SENDING);
        return true;
    }

    /** SENDING to IDLE, or CLOSE_AFTER_SEND to CLOSED running the close that waited. Idempotent. */
    private void sendEnded() {
        Runnable close = null;
        synchronized (this) {
            if (is(State.SENDING)) {
                set(State.IDLE);
            } else if (is(State.CLOSE_AFTER_SEND)) {
                set(State.CLOSED);
                close = closeAfterSend;
                closeAfterSend = null;
            }
        }
        if (close != null) {
            close.run();
        }
    }

    /**
     * IDLE to CLOSED, or SENDING to CLOSE_AFTER_SEND keeping {@code close} for {@link #sendEnded}.
     *
     * @return the state before, so the caller knows whether to close now, later, or not at all
     */
    private synchronized State closeRequested(Runnable close) {
        State before = current();
        if (before == State.IDLE) {
            set(State.CLOSED);
        } else if (before == State.SENDING) {
            set(State.CLOSE_AFTER_SEND);
            closeAfterSend = close;
        }
        return before;
    }

    /** Whether text frames go through a {@link DirectFrames} sink (for tests). */
    boolean direct() {
        return direct != null;
    }

    synchronized State state() {
        return current();
    }

    private State current() {
        return State.ALL[state];
    }

    private boolean is(State s) {
        return state == s.ordinal();
    }

    private void set(State s) {
        state = (byte) s.ordinal();
    }

    @Override
    public void close(int code, String reason) {
        containerBound.liftForClose(); // GlassFish: the frame held back and the close frame go out in order
        if (closer == null) {
            if (closeRequested(null) == State.IDLE) {
                closeNow(code, reason);
            } else if (forceClosed()) {
                closeNow(code, reason); // without a closer (tests, shutdown) a close never waits for the send
            }
            return;
        }
        AtomicBoolean once = new AtomicBoolean();
        Runnable close = () -> {
            if (once.compareAndSet(false, true)) {
                closer.submit(() -> closeNow(code, reason));
            }
        };
        switch (closeRequested(close)) {
            case IDLE -> close.run();
            case SENDING -> closer.schedule(() -> {
                forceClosed();
                close.run();
            }, CLOSE_WAIT_MILLIS);
            default -> {
                // already closing or closed: close is idempotent
            }
        }
    }

    /** CLOSE_AFTER_SEND to CLOSED without waiting any longer for the send; false in any other state. */
    private synchronized boolean forceClosed() {
        if (!is(State.CLOSE_AFTER_SEND)) {
            return false;
        }
        set(State.CLOSED);
        closeAfterSend = null;
        return true;
    }

    private void closeNow(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", e.toString());
        }
        if (direct != null && closer != null) {
            // a peer that reads nothing never takes the close frame, and Tyrus would wait for its handshake
            // forever; one that reads again within the watch's patience still sees the code
            StalledCloseWatch.of(direct, closer, CLOSE_WAIT_MILLIS).start();
        }
    }

    @Override
    public void execute(Runnable task) {
        if (direct != null) {
            direct.execute(task); // the direct path's writes are best made from the connection's I/O workers
        } else {
            task.run();
        }
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }
}
