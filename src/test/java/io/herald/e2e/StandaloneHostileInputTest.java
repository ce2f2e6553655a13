package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.util.Map;

/** The hostile input suite against the standalone server. */
@Tag("integration")
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

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone");
    }
}
