package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.time.Duration;
import java.util.Map;

/** The raw-frame conformance suite against the standalone server (Grizzly + Tyrus). */
@Tag("integration")
class StandaloneRawFrameConformanceTest extends RawFrameConformance {
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        server = StandaloneTargets.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected Duration handshakeTimeout() {
        return Duration.ofSeconds(3); // security.handshakeTimeoutSeconds in e2e-config.json
    }

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone");
    }
}
