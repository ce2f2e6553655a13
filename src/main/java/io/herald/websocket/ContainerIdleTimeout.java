package io.herald.websocket;

import jakarta.websocket.Session;

/**
 * Turns the container's own idle timeout off for a session: the hub's heartbeat closes idle clients, with a
 * documented code, and the container's timeout would close them with 1006 and its own reason.
 *
 * <p>Why negative and not 0: both mean "never" (the {@link Session#setMaxIdleTimeout} contract), but Tyrus
 * restarts the timeout on every message received and on every send through the session's remote, and while
 * it is 0 or more each restart schedules a timer task: one task object and a timer-thread wake-up per
 * message, for a timeout that never fires, and one task kept per idle session. From Tyrus 2.1.6 (the
 * standalone server's) a negative timeout schedules none; older Tyrus versions, which a container may bundle,
 * schedule one at any value, so there -1 costs what 0 did.
 */
public final class ContainerIdleTimeout {
    /** The value that means "never" and that Tyrus schedules nothing for. */
    public static final long NEVER = -1;

    private ContainerIdleTimeout() {
    }

    /** Sets the session's idle timeout to {@link #NEVER} unless it already is negative (each set costs Tyrus a timer task). */
    public static void disable(Session session) {
        if (session.getMaxIdleTimeout() >= 0) {
            session.setMaxIdleTimeout(NEVER);
        }
    }
}
