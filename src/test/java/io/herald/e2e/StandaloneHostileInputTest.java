package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The hostile input suite against the standalone server. */
class StandaloneHostileInputTest extends HostileInputSuite {
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        server = StandaloneTargets.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Ping frames are counted in ConnectionGuardFilter (limits.pingsPerSecond). */
    @Override
    protected int pingFloodCloseCode() {
        return 4008;
    }

    /**
     * Grizzly closes a connection as soon as it reads end-of-stream, so a half-closed client gets no
     * answer; a stalled body is ended by the request deadline (security.handshakeTimeoutSeconds, 3 s in
     * e2e-config.json), which closes the connection. Either way the request ends at once or within the
     * deadline and holds no worker (measured: under 4 s).
     */
    @Override
    protected String truncatedBodyOutcome(boolean halfClosed) {
        return "dropped";
    }

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone");
    }
}
