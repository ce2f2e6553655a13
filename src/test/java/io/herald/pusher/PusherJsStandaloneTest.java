package io.herald.pusher;

import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** pusher-js and the `pusher` server SDK (both from npm, unmodified) against standalone Herald. */
@Tag("integration")
class PusherJsStandaloneTest {
    static final String APP_ID = "4242";
    static final String KEY = "herald-test-key";
    static final String SECRET = "herald-test-secret";
    static final String CONFIG = "{\"allowAnonymous\":true,\"pusher\":{\"apps\":[{\"id\":\"" + APP_ID + "\",\"key\":\""
            + KEY + "\",\"secret\":\"" + SECRET + "\"}]}}";
    private static HeraldServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HeraldServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Map<String, String> env(int port, String path, String apiKey) {
        return Map.of("HERALD_HOST", "127.0.0.1", "HERALD_PORT", String.valueOf(port), "HERALD_PATH", path,
                "HERALD_API_KEY", apiKey, "PUSHER_APP_ID", APP_ID, "PUSHER_KEY", KEY, "PUSHER_SECRET", SECRET);
    }

    @Test
    void pusherJsAndTheServerSdkWorkUnchanged() throws Exception {
        String out = NodeRun.run("pusher-js.test.mjs", env(server.server().port(), "", server.apiKey()), 180);
        assertTrue(out.contains("ℹ fail 0"), out);
    }
}
