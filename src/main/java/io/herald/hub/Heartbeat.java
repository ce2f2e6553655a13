package io.herald.hub;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One background thread per hub that, once a second, pings clients that are due, closes clients that
 * are idle past the timeout, never sent {@code connect} or whose token expired without a refresh, and
 * runs the hub's periodic work (stats). One sweep instead of a timer per connection keeps the
 * per-connection cost at a few fields. It sees the session registry only, not the hub.
 */
final class Heartbeat {
    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());
    /** How long a client asked to go may take to read its last frames before the socket is cut. */
    static final long CLOSE_GRACE_NANOS = 5_000_000_000L;

    private final HubConfig config;
    private final SessionRegistry sessions;
    private final FrameEncoder encoder;
    private final Runnable everySecond;
    private final DaemonThreads threads = DaemonThreads.named("herald-heartbeat");
    private final ScheduledExecutorService timer;

    /** @param everySecond runs after each sweep on the heartbeat thread (stats publishing) */
    Heartbeat(HubConfig config, SessionRegistry sessions, FrameEncoder encoder, Runnable everySecond) {
        this.config = config;
        this.sessions = sessions;
        this.encoder = encoder;
        this.everySecond = everySecond;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads);
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops the thread and waits (briefly) until it is gone, so an undeployed application leaves none. */
    void stop() {
        threads.stop(timer, Duration.ofSeconds(2));
    }

    private void tick() {
        try {
            sweep(System.nanoTime());
            everySecond.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "heartbeat sweep failed", e);
        }
    }

    void sweep(long now) {
        long pingNanos = config.pingInterval().toNanos();
        long idleNanos = config.idleTimeout().toNanos();
        long connectNanos = config.connectTimeout().toNanos();
        Frame ping = null;
        long wallMillis = System.currentTimeMillis();
        for (ClientSession session : sessions.all()) {
            CloseCode closing = session.closingCode();
            if (closing != null) {
                if (now - session.closingSinceNanos() > CLOSE_GRACE_NANOS) {
                    session.disconnectNow(closing, "did not read its last frames in time");
                }
                continue;
            }
            switch (session.state()) {
                case OPEN -> {
                    if (now - session.openedNanos() > connectNanos) {
                        disconnect(session, CloseCode.CONNECT_TIMEOUT, "no connect command in time");
                    }
                }
                case CONNECTED -> {
                    long expires = session.expiresAtMillis();
                    if (expires > 0 && wallMillis >= expires) {
                        // the client should have sent refresh; 4004 tells it to get a new token and reconnect
                        disconnect(session, CloseCode.TOKEN_EXPIRED, "token expired");
                    } else if (now - session.lastReceivedNanos() > idleNanos) {
                        disconnect(session, CloseCode.NO_PONG, "no message from client in time");
                    } else if (now - session.lastPingNanos() >= pingNanos) {
                        if (ping == null) {
                            ping = encoder.ping();
                        }
                        session.pinged(now);
                        Dialect dialect = session.dialect();
                        // written from the transport's own threads: this thread's writes would make the JIT
                        // recompile the container's write path (bench/results/jit-bursts-2026-12-03.md)
                        session.sendFromBackground(dialect == null ? ping : dialect.encoder().ping());
                    }
                }
                case CLOSED -> { }
            }
        }
    }

    private void disconnect(ClientSession session, CloseCode code, String reason) {
        session.disconnect(encoder.disconnect(code, reason), code, reason, System.nanoTime());
    }
}
