package io.herald.war;

import io.herald.testing.WsTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README command 1 for real: {@code java -jar target/herald.war} as a separate process. */
@Tag("integration")
class ExecutableWarIT {
    private static final Pattern DEMO_KEY = Pattern.compile("demo API key: (\\S+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void startsOnAnEphemeralPortServesApiPagesAndWebSocket() throws Exception {
        try (WarProcess war = new WarProcess("--port", "0", "--host", "127.0.0.1")) {
            String key = war.awaitLine(DEMO_KEY).group(1);
            Matcher listening = war.awaitLine(WarProcess.LISTENING);
            assertEquals("127.0.0.1", listening.group(1));
            int port = Integer.parseInt(listening.group(2));
            assertTrue(port > 0);
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> info = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/info"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), info.body());
            String version = System.getProperty("herald.version");
            assertTrue(info.body().contains("\"version\":\"" + version + "\""), "/api/info names " + version + ": " + info.body());
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(metrics.body().contains("herald_build_info{version=\"" + version + "\"} 1"), metrics.body());
            assertEquals(200, get(base + "/health").statusCode());
            assertEquals(404, get(base + "/WEB-INF/web.xml").statusCode());
            assertEquals(404, get(base + "/WEB-INF/classes/io/herald/hub/Hub.class").statusCode());
            try (WsTestClient client = WsTestClient.connected(URI.create("ws://127.0.0.1:" + port + "/ws"), "war")) {
                assertTrue(client.result("ping", "").isEmpty());
            }
            assertEquals(1, war.all.stream().filter(l -> l.contains("demo API key")).count());
        }
    }

    @Test
    void bindsOnlyTheRequestedHost() throws Exception {
        try (WarProcess war = new WarProcess("--port", "0", "--host", "127.0.0.2")) {
            int port = Integer.parseInt(war.awaitLine(WarProcess.LISTENING).group(2));
            assertEquals(200, get("http://127.0.0.2:" + port + "/health").statusCode());
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                }
            });
        }
    }

    @Test
    void configFileIsUsedAndInvalidConfigFailsNamingTheKey(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"apiKeys\":[\"a-configured-key-0123456789\"],\"server\":{\"host\":\"127.0.0.1\",\"port\":0}}");
        try (WarProcess war = new WarProcess("--config", good.toString())) {
            int port = Integer.parseInt(war.awaitLine(WarProcess.LISTENING).group(2));
            HttpResponse<String> info = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/info"))
                    .header("Authorization", "Bearer a-configured-key-0123456789").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode());
            assertTrue(war.all.stream().noneMatch(l -> l.contains("demo API key")), "no demo key when keys are configured");
        }
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"limits\":{\"maxMessageBytes\":\"big\"}}");
        try (WarProcess war = new WarProcess("--config", bad.toString(), "--port", "0")) {
            assertNotNull(war.awaitLine(Pattern.compile("invalid configuration: .*limits\\.maxMessageBytes")));
            assertTrue(war.process.waitFor(15, TimeUnit.SECONDS));
            assertEquals(2, war.process.exitValue());
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
