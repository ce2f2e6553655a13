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

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone");
    }
}
