package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import io.herald.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

/** The raw-frame conformance suite against the standalone server (Grizzly + Tyrus). */
@Tag("integration")
class StandaloneRawFrameConformanceTest extends RawFrameConformance {
    private static StandaloneServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = StandaloneTargets.start(Map.of()));

    @Override
    protected Duration handshakeTimeout() {
        return Duration.ofSeconds(3); // security.handshakeTimeoutSeconds in e2e-config.json
    }

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone");
    }
}
