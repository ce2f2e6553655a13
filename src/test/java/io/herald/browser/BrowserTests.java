package io.herald.browser;

import io.herald.testing.HeraldServer;

import java.net.URI;

/**
 * What the browser tests share: the server they start and how they address its pages.
 *
 * <p>Pages are always addressed relative to the application's base URI, never by absolute path, so
 * nothing here assumes the application sits at the server root (the WAR under a context path is
 * tested by the container suites).
 */
final class BrowserTests {
    static final String API_KEY = "browser-test-api-key-0123456789";

    /**
     * Anonymous browsers are allowed explicitly (the demo pages connect without a token) rather than
     * relying on the default, which a deployment hardening may turn off. Origins need nothing: the
     * pages come from the server itself (or through {@link io.herald.testing.TcpProxy}, which keeps the {@code Host}
     * header), so the default allow-list, the server's own origin, admits them.
     */
    static final String CONFIG = """
            {
              "allowAnonymous": true,
              "apiKeys": ["%s"]
            }
            """.formatted(API_KEY);

    private BrowserTests() {
    }

    static HeraldServer startServer() throws Exception {
        return HeraldServer.start(CONFIG);
    }

    /** The application's base URI on this server (it ends with '/'). */
    static URI base(HeraldServer server) {
        return server.httpUri("/");
    }

    /** The base URI with the same path on another port, e.g. a relay in front of the server. */
    static URI base(HeraldServer server, int port) {
        URI base = base(server);
        return URI.create(base.getScheme() + "://" + base.getHost() + ":" + port + base.getPath());
    }

    /** JSON string literal for test-made values (names, texts): quotes and backslashes escaped. */
    static String json(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
