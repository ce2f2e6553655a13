package io.herald.browser;

import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real nginx in front of Herald that does not forward {@code Upgrade} (as some corporate proxies):
 * the WebSocket handshake fails, the chat page falls back to HTTP-streaming by itself, and two pages
 * still chat. nginx runs with its own config (the block of docs/deploy-standalone.md, read from it) on a
 * free port.
 */
@Tag("integration")
@ExtendWith(SharedBrowsers.class)
@Timeout(90)
class ProxyFallbackBrowserTest {
    private static final Path NGINX = Path.of(System.getProperty("herald.nginx", "/usr/sbin/nginx"));
    private static HeraldServer server;
    private static Process nginx;
    private static int port;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = BrowserTests.startServer();
        dir = Files.createTempDirectory("herald-nginx");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        int upstream = server.server().port();
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        # pages, API and /ws: plain HTTP/1.1 proxying, Upgrade NOT forwarded
                        location / {
                            proxy_pass http://127.0.0.1:%3$d;
                            proxy_http_version 1.1;
                            proxy_set_header Host $http_host;
                        }
                        # the documented block (docs/deploy-standalone.md, "HTTP transports behind the proxy")
                        %4$s
                    }
                }
                """.formatted(dir, port, upstream, documentedBlock().replace("127.0.0.1:8080", "127.0.0.1:" + upstream)));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        awaitListening(port, Duration.ofSeconds(10));
    }

    private static String documentedBlock() throws Exception {
        String doc = Files.readString(Path.of("docs/deploy-standalone.md"));
        Matcher m = Pattern.compile("<!-- transports-nginx:start -->\\s*```nginx\\n(.*?)```\\s*<!-- transports-nginx:end -->",
                Pattern.DOTALL).matcher(doc);
        if (!m.find()) {
            throw new AssertionError("docs/deploy-standalone.md has no transports-nginx block between its markers");
        }
        return m.group(1);
    }

    private static void awaitListening(int p, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", p)) {
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline || !nginx.isAlive()) {
                    throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("stdout.log")), e);
                }
                Thread.sleep(50); // poll interval of the bounded wait
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        server.close();
    }

    @Test
    void behindAProxyWithoutUpgradeTwoPagesFallBackToHttpStreamingAndChat(Browser annBrowser, Browser bobBrowser)
            throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        ChatPage ann = new ChatPage(annBrowser).open(base, "Ann", "proxied").awaitState("connected");
        annBrowser.waitForAttribute("#transport", "data-transport", "http_stream");
        ChatPage bob = new ChatPage(bobBrowser).open(base, "Bob", "proxied").awaitState("connected");
        bobBrowser.waitForAttribute("#transport", "data-transport", "http_stream");
        ann.awaitPresence(List.of("Ann (you)", "Bob"));
        ann.send("Hello through the proxy");
        bob.awaitMessage("Hello through the proxy");
        bob.send("Got it");
        ann.awaitMessage("Got it");
        assertEquals("http_stream", annBrowser.find("#transport").getAttribute("data-transport"));
        annBrowser.screenshot("chat-behind-proxy-ann");
        bobBrowser.screenshot("chat-behind-proxy-bob");
        String log = Files.readString(dir.resolve("access.log"));
        assertEquals(true, log.contains("GET /ws "), "the WebSocket was tried through the proxy first: " + log);
    }

    /** A page session that remembered SSE (sessionStorage) starts with it: EventSource through nginx. */
    @Test
    void aPageSessionThatRememberedSseChatsOverServerSentEvents(Browser annBrowser, Browser bobBrowser)
            throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        annBrowser.open(base.resolve("index.html").toString());
        annBrowser.script("sessionStorage.setItem('herald.transport', 'sse'); return null;");
        ChatPage ann = new ChatPage(annBrowser).open(base, "Ann", "sse-room").awaitState("connected");
        annBrowser.waitForAttribute("#transport", "data-transport", "sse");
        ChatPage bob = new ChatPage(bobBrowser).open(base, "Bob", "sse-room").awaitState("connected");
        ann.awaitPresence(List.of("Ann (you)", "Bob"));
        bob.send("Hello over whatever works");
        ann.awaitMessage("Hello over whatever works");
        ann.send("Over SSE here");
        bob.awaitMessage("Over SSE here");
        annBrowser.screenshot("chat-behind-proxy-sse");
        String log = Files.readString(dir.resolve("access.log"));
        // nginx logs a request when it ends: the open /sse streams are not there yet, their POSTs are
        assertEquals(true, log.contains("POST /emulation?session="), "commands went through the proxy: " + log);
    }
}
