package io.herald.e2e;

import java.net.URI;

/**
 * A running Herald that the scenario suite talks to: the standalone server, or the built WAR deployed in
 * Tomcat or GlassFish. Every target runs with {@code src/test/resources/e2e-config.json}.
 */
public interface HeraldTarget {
    /** The API key configured in e2e-config.json. */
    String API_KEY = "e2e-test-api-key-0123456789";

    /** The WebSocket endpoint, e.g. {@code ws://127.0.0.1:8080/herald/ws}. */
    URI wsUri();

    /** An HTTP URI below the application root; {@code path} starts with '/', e.g. {@code /api/publish}. */
    URI httpUri(String path);

    /** A short name for reports ("standalone", "tomcat-11", ...). */
    String name();
}
