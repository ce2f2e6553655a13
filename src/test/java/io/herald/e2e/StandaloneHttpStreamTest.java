package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import io.herald.testing.HttpStreamClient.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The HTTP transport scenarios against the standalone server (Grizzly), once per transport. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneHttpStreamTest {
    private StandaloneServer server;

    @BeforeAll
    void start() throws Exception {
        server = StandaloneTargets.start(Map.of());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Nested
    class OverHttpStreaming extends HttpStreamScenarios {
        @Override
        protected HeraldTarget target() {
            return StandaloneTargets.of(server, "standalone");
        }

        @Override
        protected Kind kind() {
            return Kind.HTTP_STREAM;
        }
    }

    @Nested
    class OverSse extends SseResumeScenarios {
        @Override
        protected HeraldTarget target() {
            return StandaloneTargets.of(server, "standalone");
        }
    }
}
