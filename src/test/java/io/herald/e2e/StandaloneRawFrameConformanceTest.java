package io.herald.e2e;

import io.herald.config.ConfigLoader;
import io.herald.standalone.StandaloneServer;
import io.herald.standalone.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The raw-frame conformance suite against the standalone server (Grizzly + Tyrus). */
class StandaloneRawFrameConformanceTest extends RawFrameConformance {
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        try (var in = new InputStreamReader(StandaloneRawFrameConformanceTest.class.getResourceAsStream("/e2e-config.json"),
                StandardCharsets.UTF_8)) {
            server = TestServers.start(ConfigLoader.load(in, "e2e-config.json",
                    Map.of("HERALD_SERVER_HOST", "127.0.0.1", "HERALD_SERVER_PORT", "0")));
        }
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
        return new HeraldTarget() {
            @Override
            public URI wsUri() {
                return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            }

            @Override
            public URI httpUri(String path) {
                return URI.create("http://127.0.0.1:" + server.port() + path);
            }

            @Override
            public String name() {
                return "standalone";
            }
        };
    }
}
