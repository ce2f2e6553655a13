package io.herald.websocket;

import jakarta.websocket.Session;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the write buffering that GlassFish puts between Herald's outbound queue and the socket.
 *
 * <p>Why: on GlassFish, Tyrus writes each WebSocket frame into the servlet output stream, which hands it to
 * Grizzly's per-connection async write queue and reports the send complete at once. That queue refuses
 * nothing: it only makes {@code isReady()} false once it holds more than its limit, and Grizzly sets that
 * limit to four times the socket's send buffer ({@code AsyncQueueWriter.AUTO_SIZE}). On loopback the send
 * buffer starts near 2 MB, so a client that stopped reading could park about 8 MB in GlassFish's heap while
 * Herald's queue, seeing every send complete, stayed empty: the documented bound (1 MiB by default) and its
 * 4001 close never applied. With the limit lowered to {@link #CONTAINER_QUEUE_BYTES}, the stream stops being
 * ready almost at once, Tyrus holds the next frame until it is, Herald's send stays in flight, and the backlog
 * builds in Herald's queue, where it is counted.
 *
 * <p>The container's objects are reached by reflection (the WAR has no compile-time tie to GlassFish):
 * Tyrus session, its web socket, protocol handler, servlet writer, the servlet output stream (set by the
 * first write), GlassFish's output buffer, Grizzly's output buffer, its {@code Connection}. Anything missing
 * (Tomcat, standalone, another container version) leaves the container as it is. Disabled with
 * {@code -Dherald.containerWriteBound=false}.
 */
final class ContainerWriteBound {
    private static final System.Logger LOG = System.getLogger(ContainerWriteBound.class.getName());
    /** Grizzly's limit per connection once capped: a frame or two beyond what the socket already holds. */
    static final int CONTAINER_QUEUE_BYTES = 64 * 1024;
    private static final boolean ENABLED = !"false".equals(System.getProperty("herald.containerWriteBound"));
    private static final String SERVLET_WRITER = "org.glassfish.tyrus.servlet.TyrusServletWriter";
    private static final String GRIZZLY_CONNECTION = "org.glassfish.grizzly.Connection";

    /**
     * Where the bound is. Moves only forward: PENDING until the first write made the stream, then APPLIED or
     * NOT_APPLICABLE; APPLIED becomes LIFTED when the connection closes.
     */
    enum State { PENDING, APPLIED, LIFTED, NOT_APPLICABLE }

    /** The bound of every session not on Tyrus's servlet writer: stateless, so one instance serves them all. */
    private static final ContainerWriteBound NONE = new ContainerWriteBound(null);

    private final Object writer;
    private volatile State state;
    private Object connection;  // guarded by this; set when APPLIED
    private Class<?> api;       // guarded by this; Grizzly's Connection interface
    private int original;       // guarded by this; the container's own limit

    private ContainerWriteBound(Object writer) {
        this.writer = writer;
        this.state = writer == null ? State.NOT_APPLICABLE : State.PENDING;
    }

    /** The bound for {@code session}; {@link State#NOT_APPLICABLE} at once unless it runs on Tyrus's servlet writer. */
    static ContainerWriteBound forSession(Session session, Object tyrusWebSocket) {
        if (!ENABLED || tyrusWebSocket == null) {
            return NONE;
        }
        try {
            Object protocolHandler = read(tyrusWebSocket, "protocolHandler");
            Object writer = protocolHandler == null ? null : read(protocolHandler, "writer");
            boolean servlet = writer != null && writer.getClass().getName().equals(SERVLET_WRITER);
            return servlet ? new ContainerWriteBound(writer) : NONE;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "container write bound unavailable for {0}: {1}", session.getId(), e);
            return NONE;
        }
    }

    State state() {
        return state;
    }

    /**
     * Lowers the container's limit once its output stream exists (after the first write). Cheap when done or
     * not applicable; never throws.
     */
    void applyIfPending() {
        if (state != State.PENDING) {
            return;
        }
        synchronized (this) {
            if (state == State.PENDING) {
                state = apply();
            }
        }
    }

    private State apply() {
        try {
            Object stream = read(writer, "servletOutputStream");
            if (stream == null) {
                return State.PENDING; // no write yet: the next send tries again
            }
            Object catalinaBuffer = read(stream, "ob");
            Object grizzlyBuffer = read(catalinaBuffer, "grizzlyOutputBuffer");
            Object connection = read(grizzlyBuffer, "connection");
            Class<?> api = interfaceNamed(connection.getClass(), GRIZZLY_CONNECTION);
            if (api == null) {
                return State.NOT_APPLICABLE;
            }
            int current = (Integer) api.getMethod("getMaxAsyncWriteQueueSize").invoke(connection);
            if (current >= 0 && current <= CONTAINER_QUEUE_BYTES) {
                return State.NOT_APPLICABLE; // already tight: nothing to cap, nothing to lift
            }
            api.getMethod("setMaxAsyncWriteQueueSize", int.class).invoke(connection, CONTAINER_QUEUE_BYTES);
            this.connection = connection;
            this.api = api;
            this.original = current;
            return State.APPLIED;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "container write queue left unbounded: {0}", e.toString());
            return State.NOT_APPLICABLE;
        }
    }

    /** Resolved fields per class (one lookup per container class, not per connection); absent ones map to null. */
    private static final ClassValue<Map<String, Optional<Field>>> FIELDS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Field>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /**
     * Before a close: gives the container back its own limit and lets Tyrus hand over the frame it holds back,
     * so that frame and the close frame behind it enter the container's queue, which GlassFish flushes before it
     * closes the socket. Without this, Tyrus closes the connection with both still in its own queue and the
     * client sees 1006 instead of the close code (4001 for a slow consumer). What enters is bounded: the queue
     * was capped until now and Herald's own queue is closed. Never throws.
     */
    void liftForClose() {
        synchronized (this) {
            if (state != State.APPLIED) {
                return;
            }
            state = State.LIFTED;
            try {
                api.getMethod("setMaxAsyncWriteQueueSize", int.class).invoke(connection, original);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "container write queue limit not restored: {0}", e.toString());
                return;
            }
        }
        try {
            // outside our lock: it writes on this thread and may complete the send in flight right here.
            // Through GlassFish's write handler, not the listener directly: once isReady() said false, GlassFish
            // answers false until its handler ran (servlet rule), so only the handler gets the frames moving.
            Object handler = read(read(read(writer, "servletOutputStream"), "ob"), "writeHandler");
            Class<?> api = handler == null ? null : interfaceNamed(handler.getClass(), "org.glassfish.grizzly.WriteHandler");
            if (api != null) {
                api.getMethod("onWritePossible").invoke(handler);
            } else {
                Class<?> listener = interfaceNamed(writer.getClass(), "jakarta.servlet.WriteListener");
                if (listener != null) {
                    listener.getMethod("onWritePossible").invoke(writer);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "held frames not handed over before close: {0}", e.toString());
        }
    }

    /** The value of the instance field {@code name} declared by {@code target}'s class or a superclass. */
    private static Object read(Object target, String name) throws ReflectiveOperationException {
        if (target == null) {
            throw new NoSuchFieldException(name + " (on null)");
        }
        Field field = FIELDS.get(target.getClass()).computeIfAbsent(name, n -> find(target.getClass(), n)).orElse(null);
        if (field == null) {
            throw new NoSuchFieldException(name + " on " + target.getClass().getName());
        }
        return field.get(target);
    }

    private static Optional<Field> find(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return Optional.of(f);
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            } catch (RuntimeException inaccessible) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Class<?> interfaceNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
                Class<?> inherited = interfaceNamed(i, name);
                if (inherited != null) {
                    return inherited;
                }
            }
        }
        return null;
    }
}
