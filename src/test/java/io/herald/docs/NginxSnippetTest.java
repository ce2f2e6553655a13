package io.herald.docs;

import io.herald.testing.HeraldServer;
import io.herald.testing.Nginx;
import io.herald.testing.RedisServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nginx block of docs/deploy-standalone.md, exactly as written there (only the two ports changed),
 * in front of a real Herald: a WebSocket client subscribes through it and receives what an HTTP
 * publisher sends through it. A snippet edit that breaks the upgrade or the API fails here.
 */
@Tag("integration")
class NginxSnippetTest {
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- nginx-snippet:start -->\\s*```nginx\\n(.*?)```\\s*<!-- nginx-snippet:end -->", Pattern.DOTALL);

    @Test
    void theDocumentedNginxBlockCarriesWebSocketsAndTheApi() throws Exception {
        String snippet = documentedSnippet();
        assertTrue(snippet.contains("server 127.0.0.1:8080;") && snippet.contains("listen 80;"), snippet);
        // as the guide says: nginx (here on loopback, like the test client) is a trusted proxy
        try (HeraldServer herald = HeraldServer.start("{\"allowAnonymous\":true,\"security\":{\"trustedProxies\":[\"127.0.0.1\"]},"
                + "\"limits\":{\"newConnectionsPerSecondPerIp\":0,\"maxConnectionsPerIp\":1}}")) {
            int port = RedisServer.freePort();
            String block = snippet.replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + herald.server().port() + ";")
                    .replace("listen 80;", "listen 127.0.0.1:" + port + ";");
            try (Nginx nginx = Nginx.start(block, port)) {
                URI ws = URI.create("ws://127.0.0.1:" + port + "/ws");
                try (WsTestClient client = WsTestClient.connected(ws, "behind-nginx")) {
                    client.result("subscribe", ",\"channel\":\"news\"");
                    HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest
                            .newBuilder(URI.create("http://127.0.0.1:" + port + "/api/publish"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + herald.apiKey())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"news\",\"data\":{\"via\":\"nginx\"}}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, published.statusCode(), published.body() + nginx.errorLog());
                    JsonObject push = client.awaitPush("pub", "news");
                    assertEquals("nginx", push.getJsonObject("data").getString("via"), push.toString());
                    assertTrue(client.result("ping", "").isEmpty(), "commands still flow after the push");
                }
                assertForwardedAddressesAreTheClients(ws);
            }
        }
    }

    /**
     * nginx appends the peer to X-Forwarded-For; with trustedProxies Herald reads the client from it, so
     * maxConnectionsPerIp (1 here) counts each client behind the proxy, not the proxy.
     */
    private static void assertForwardedAddressesAreTheClients(URI ws) throws Exception {
        try (WsTestClient first = WsTestClient.open(ws, Map.of("X-Forwarded-For", "203.0.113.7"));
             WsTestClient other = WsTestClient.open(ws, Map.of("X-Forwarded-For", "203.0.113.8"));
             WsTestClient second = WsTestClient.open(ws, Map.of("X-Forwarded-For", "203.0.113.7"))) {
            assertTrue(first.result("connect", "").containsKey("client"), "first client of 203.0.113.7 connects");
            assertTrue(other.result("connect", "").containsKey("client"), "another client behind the same proxy connects");
            assertEquals(4504, second.awaitClose(Duration.ofSeconds(10)).getCloseCode().getCode(),
                    "the second connection of 203.0.113.7 is over maxConnectionsPerIp");
        }
    }

    private static String documentedSnippet() throws Exception {
        String doc = Files.readString(Path.of("docs/deploy-standalone.md"));
        Matcher m = SNIPPET.matcher(doc);
        assertTrue(m.find(), "docs/deploy-standalone.md has the nginx snippet between its markers");
        return m.group(1);
    }
}
