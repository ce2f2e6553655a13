package io.herald.websocket;

import io.herald.hub.Transport;
import jakarta.websocket.Session;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Tyrus's raw-frame send path, reached by reflection so the WAR keeps no compile-time tie to Tyrus.
 *
 * <p>Why: on Tyrus, every {@code RemoteEndpoint.Async.sendText} UTF-8-encodes and frames the text for that one
 * session, and reschedules the session's idle-timeout task on a shared scheduler even when the timeout is off
 * (Tyrus 2.1: {@code TyrusSession.restartIdleTimeoutExecutor}, a scheduled task per message). A fan-out to N
 * sessions paid that N times. {@code TyrusWebSocket.sendRawFrame} writes finished frame bytes and completes a
 * {@link CompletableFuture}; Herald frames each publication once ({@link #textFrame}) and hands every
 * recipient the same bytes. Herald needs no Tyrus idle timeout: its heartbeat closes idle clients itself.
 *
 * <p>Used only when the session is a Tyrus session without negotiated extensions (a raw frame bypasses e.g.
 * permessage-deflate) and the reflective lookup works; otherwise {@link #forSession} returns null and the
 * portable {@code getAsyncRemote()} path is used (Tomcat, or a Tyrus whose internals changed). Disabled with
 * {@code -Dherald.tyrusRawFrames=false}.
 */
final class TyrusRawFrames {
    private static final System.Logger LOG = System.getLogger(TyrusRawFrames.class.getName());
    private static final String SESSION_CLASS = "org.glassfish.tyrus.core.TyrusSession";
    private static final boolean ENABLED = !"false".equals(System.getProperty("herald.tyrusRawFrames"));
    private static volatile Lookup lookup;
    private static volatile Field handlerField; // TyrusWebSocket.protocolHandler, once found
    private static volatile Field writerField;  // ProtocolHandler.writer, once found

    private final Object webSocket;
    private final Method sendRawFrame;

    private TyrusRawFrames(Object webSocket, Method sendRawFrame) {
        this.webSocket = webSocket;
        this.sendRawFrame = sendRawFrame;
    }

    /** The raw path for {@code session}, or null when it does not apply. Never throws. */
    static TyrusRawFrames forSession(Session session) {
        return forSession(session, webSocketOf(session));
    }

    /** As {@link #forSession(Session)}, with the session's {@link #webSocketOf} already at hand (may be null). */
    static TyrusRawFrames forSession(Session session, Object webSocket) {
        if (!ENABLED || webSocket == null || !session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        return new TyrusRawFrames(webSocket, lookup.sendRawFrame);
    }

    /** Tyrus's {@code TyrusWebSocket} behind {@code session}, or null when it is no Tyrus session. Never throws. */
    static Object webSocketOf(Session session) {
        if (!SESSION_CLASS.equals(session.getClass().getName())) {
            return null;
        }
        try {
            Object remote = session.getAsyncRemote();
            Lookup l = lookup;
            if (l == null || l.remoteClass != remote.getClass()) {
                l = Lookup.of(remote.getClass());
                lookup = l;
            }
            return l.webSocketField.get(remote);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Tyrus internals unavailable, using getAsyncRemote(): {0}", e.toString());
            return null;
        }
    }

    /**
     * Tyrus's writer of {@code webSocket} (a {@code TyrusWebSocket}, see {@link #webSocketOf}): the object a
     * {@link DirectFrames} sink is made for. Null when Tyrus's internals differ. Never throws.
     */
    static Object writerOf(Object webSocket) {
        try {
            Field handler = handlerField;
            if (handler == null || !handler.getDeclaringClass().isInstance(webSocket)) {
                handler = declared(webSocket.getClass(), "protocolHandler");
                handlerField = handler;
            }
            Object protocolHandler = handler.get(webSocket);
            Field writer = writerField;
            if (writer == null || !writer.getDeclaringClass().isInstance(protocolHandler)) {
                writer = declared(protocolHandler.getClass(), "writer");
                writerField = writer;
            }
            return writer.get(protocolHandler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Tyrus writer unavailable: {0}", e.toString());
            return null;
        }
    }

    private static Field declared(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** Writes one finished frame; {@code callback} runs once when Tyrus reports the write done or failed. */
    void send(byte[] frame, Transport.SendCallback callback) {
        Object future;
        try {
            future = sendRawFrame.invoke(webSocket, ByteBuffer.wrap(frame));
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            callback.completed(cause);
            return;
        }
        ((CompletableFuture<?>) future).whenComplete((done, error) -> callback.completed(error));
    }

    /** An unmasked, final server text frame (RFC 6455 section 5.2) carrying {@code text}. */
    static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int len = payload.length;
        int header = len <= 125 ? 2 : len <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + len];
        frame[0] = (byte) 0x81;
        if (len <= 125) {
            frame[1] = (byte) len;
        } else if (len <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (len >>> 8);
            frame[3] = (byte) len;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, len);
        return frame;
    }

    /** The reflective handles, resolved once per remote-endpoint class. */
    private record Lookup(Class<?> remoteClass, Field webSocketField, Method sendRawFrame) {
        static Lookup of(Class<?> remoteClass) throws ReflectiveOperationException {
            Field field = null;
            for (Class<?> c = remoteClass; c != null && field == null; c = c.getSuperclass()) {
                try {
                    field = c.getDeclaredField("webSocket");
                } catch (NoSuchFieldException notHere) {
                    // look in the superclass
                }
            }
            if (field == null) {
                throw new NoSuchFieldException("webSocket");
            }
            field.setAccessible(true);
            Method send = field.getType().getMethod("sendRawFrame", ByteBuffer.class);
            send.setAccessible(true); // else every invoke pays an access check (3-4% of a fan-out in JFR)
            if (!CompletableFuture.class.isAssignableFrom(send.getReturnType())
                    && !java.util.concurrent.Future.class.isAssignableFrom(send.getReturnType())) {
                throw new NoSuchMethodException("sendRawFrame returns " + send.getReturnType());
            }
            return new Lookup(remoteClass, field, send);
        }
    }
}
