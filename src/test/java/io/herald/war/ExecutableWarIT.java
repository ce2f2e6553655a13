package io.herald.war;

import io.herald.testing.WsTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
    private static final Pattern LISTENING = Pattern.compile("Herald listening on http://([^:]+):(\\d+)");
    private static final Pattern DEMO_KEY = Pattern.compile("demo API key: (\\S+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A running {@code java -jar herald.war}, its output collected line by line. */
    private static final class WarProcess implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();

        WarProcess(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", System.getProperty("herald.war", "target/herald.war")));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("<output closed: " + e + ">");
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        Matcher awaitLine(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    all.add(line);
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                if (!process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
            throw new AssertionError("no line matching " + pattern + " in: " + all);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("herald did not stop within 15 s of SIGTERM");
            }
        }
    }

    @Test
    void startsOnAnEphemeralPortServesApiPagesAndWebSocket() throws Exception {
        try (WarProcess war = new WarProcess("--port", "0", "--host", "127.0.0.1")) {
            String key = war.awaitLine(DEMO_KEY).group(1);
            Matcher listening = war.awaitLine(LISTENING);
            assertEquals("127.0.0.1", listening.group(1));
            int port = Integer.parseInt(listening.group(2));
            assertTrue(port > 0);
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> info = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/info"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), info.body());
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
            int port = Integer.parseInt(war.awaitLine(LISTENING).group(2));
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
            int port = Integer.parseInt(war.awaitLine(LISTENING).group(2));
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
