package io.herald.browser;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.PresenceUser;
import com.pusher.rest.data.Result;
import com.sun.net.httpserver.HttpServer;
import io.herald.config.ConfigLoader;
import io.herald.standalone.StandaloneServer;
import io.herald.standalone.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WindowType;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * webapp-client/public/pusher.html in real headless Chromium: Laravel Echo ({@code broadcaster: 'pusher'}) with
 * pusher-js, both the npm builds, connect to Herald, receive an event triggered by pusher-http-java and join a
 * presence channel through an auth endpoint signed by that SDK. Screenshots: target/screenshots/pusher-echo-*.png.
 */
@ExtendWith(SharedBrowsers.class)
@Timeout(90)
@Tag("integration")
class PusherEchoBrowserTest {
    private static final Path NODE = Path.of("src/test/pusher-js/node_modules");
    private static StandaloneServer server;
    private static HttpServer auth;
    private static Pusher sdk;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_SERVER_HOST", "127.0.0.1");
        env.put("HERALD_SERVER_PORT", "0");
        env.put("HERALD_PUSHER_APPS", "7:echo-key:echo-secret");
        server = TestServers.start(ConfigLoader.load(new StringReader(BrowserTests.CONFIG), "browser config", env),
                Map.of("/vendor/pusher-js/", NODE.resolve("pusher-js/dist/web"),
                        "/vendor/laravel-echo/", NODE.resolve("laravel-echo/dist")));
        sdk = new Pusher("7", "echo-key", "echo-secret");
        sdk.setHost("127.0.0.1:" + server.port());
        sdk.setEncrypted(false);
        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/auth", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String user = exchange.getRequestURI().getQuery().replace("user=", "");
            String body = sdk.authenticate(form.get("socket_id"), form.get("channel_name"),
                    new PresenceUser(user, Map.of("name", user)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        auth.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (auth != null) {
            auth.stop(0);
        }
        if (sdk != null) {
            sdk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String page(String user) {
        String authUrl = "http://127.0.0.1:" + auth.getAddress().getPort() + "/auth?user=" + user;
        return "http://127.0.0.1:" + server.port() + "/pusher.html?key=echo-key&auth="
                + URLEncoder.encode(authUrl, StandardCharsets.UTF_8);
    }

    @Test
    void laravelEchoReceivesAnSdkEventAndSeesWhoIsInThePresenceChannel(Browser browser) throws Exception {
        browser.open(page("alice"));
        browser.waitForText("#state", "connected");
        browser.waitForText("#count", "1");
        Result r = sdk.trigger("demo", "message", "hello from the SDK");
        assertEquals(Result.Status.SUCCESS, r.getStatus(), r.getMessage());
        browser.waitForText("#messages", "hello from the SDK");
        String alice = browser.driver().getWindowHandle();

        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.open(page("bob"));
        browser.waitForText("#state", "connected");
        browser.waitForText("#count", "2");
        browser.screenshot("pusher-echo-bob");
        browser.driver().switchTo().window(alice);
        browser.waitForText("#count", "2");
        browser.waitForText("#members", "bob");
        assertEquals("{\"users\":[{\"id\":\"alice\"},{\"id\":\"bob\"}]}".length(),
                sdk.get("/channels/presence-lobby/users").getMessage().length());
        browser.screenshot("pusher-echo-alice");
    }
}
