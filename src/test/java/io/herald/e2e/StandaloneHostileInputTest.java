package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import io.herald.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** The hostile input suite against the standalone server. */
@Tag("integration")
class StandaloneHostileInputTest extends HostileInputSuite {
    private static StandaloneServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = StandaloneTargets.start(Map.of()));

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
