package io.herald.standalone;

import io.herald.config.ConfigLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admin pages and /metrics behind their own credentials on the standalone server. */
@Tag("integration")
class AdminAndMetricsGuardTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String API_KEY = "api-key-0123456789abcdef";
    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";
    private static final String METRICS_KEY = "metrics-key-0123456789abcdef";

    @TempDir
    Path pages;

    private StandaloneServer start(String security) throws Exception {
        Files.writeString(pages.resolve("admin.html"), "<h1>admin</h1>");
        Files.writeString(pages.resolve("index.html"), "<h1>home</h1>");
        String json = "{\"apiKeys\":[\"" + API_KEY + "\"],\"security\":" + security + "}";
        return StandaloneServer.start(ConfigLoader.load(new StringReader(json), "test",
                Map.of("HERALD_SERVER_HOST", "127.0.0.1", "HERALD_SERVER_PORT", "0")),
                List.of(new StaticFiles.Mount("/", pages)));
    }

    private static HttpResponse<String> get(StandaloneServer server, String rawPath, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + rawPath))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void adminPagesNeedAnAdminKeyWhenOneIsConfigured() throws Exception {
        try (StandaloneServer server = start("{\"adminKeys\":[\"" + ADMIN_KEY + "\"]}")) {
            HttpResponse<String> denied = get(server, "/admin.html", null);
            assertEquals(401, denied.statusCode());
            assertTrue(denied.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
            assertEquals(401, get(server, "/admin.html", basic("wrong-key-0123456789")).statusCode());
            assertEquals(401, get(server, "/admin.html", "Bearer " + API_KEY).statusCode(), "an API key is not an admin key");
            for (String sneaky : List.of("/ADMIN.html", "//admin.html", "/%61dmin.html", "/./admin.html")) {
                assertEquals(401, get(server, sneaky, null).statusCode(), sneaky);
            }
            assertEquals(200, get(server, "/admin.html", basic(ADMIN_KEY)).statusCode());
            assertEquals(200, get(server, "/admin.html", "Bearer " + ADMIN_KEY).statusCode());
            assertEquals(200, get(server, "/index.html", null).statusCode(), "other pages stay public");
        }
    }

    @Test
    void adminPagesArePublicWithoutAdminKeys() throws Exception {
        try (StandaloneServer server = start("{}")) {
            assertEquals(200, get(server, "/admin.html", null).statusCode());
        }
    }

    @Test
    void metricsNeedTheApiKeyOrTheirOwnKeys() throws Exception {
        try (StandaloneServer server = start("{}")) {
            assertEquals(401, get(server, "/metrics", null).statusCode());
            assertNotEquals(401, get(server, "/metrics", "Bearer " + API_KEY).statusCode());
        }
        try (StandaloneServer server = start("{\"metricsKeys\":[\"" + METRICS_KEY + "\"]}")) {
            assertEquals(401, get(server, "/metrics", "Bearer " + API_KEY).statusCode(), "own keys replace the API keys");
            assertEquals(401, get(server, "/METRICS", null).statusCode());
            assertNotEquals(401, get(server, "/metrics", "Bearer " + METRICS_KEY).statusCode());
            assertNotEquals(401, get(server, "/metrics", basic(METRICS_KEY)).statusCode());
        }
    }
}
