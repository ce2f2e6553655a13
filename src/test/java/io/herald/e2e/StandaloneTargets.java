package io.herald.e2e;

import io.herald.config.ConfigLoader;
import io.herald.standalone.StandaloneServer;
import io.herald.standalone.TestServers;

import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Standalone servers with the end-to-end config, and the {@link HeraldTarget} that points at one. */
final class StandaloneTargets {

    private StandaloneTargets() {
    }

    /**
     * Starts a standalone server with {@code e2e-config.json} on an ephemeral loopback port.
     *
     * @param env extra HERALD_* overrides (e.g. the Redis broker)
     */
    static StandaloneServer start(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("HERALD_SERVER_HOST", "127.0.0.1");
        all.put("HERALD_SERVER_PORT", "0");
        try (var in = new InputStreamReader(StandaloneTargets.class.getResourceAsStream("/e2e-config.json"),
                StandardCharsets.UTF_8)) {
            return TestServers.start(ConfigLoader.load(in, "e2e-config.json", all));
        }
    }

    static HeraldTarget of(StandaloneServer server, String name) {
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
                return name;
            }
        };
    }
}
