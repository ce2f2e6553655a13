package io.herald.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat demo with cookie login through the connect proxy, in real Chromium: the application (a small
 * login form on its own port, same host) sets an HttpOnly session cookie; the chat page connects without
 * a token; Herald forwards the cookie to the application, which names the user.
 */
@Tag("integration")
@ExtendWith(SharedBrowsers.class)
@Timeout(60)
class CookieLoginBrowserTest {
    private static HttpServer app;
    private static HeraldServer server;
    private static final List<String> cookiesSeen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        app.setExecutor(Executors.newFixedThreadPool(4));
        app.createContext("/login", CookieLoginBrowserTest::login);
        app.createContext("/herald/connect", CookieLoginBrowserTest::connect);
        app.start();
        String appUrl = "http://127.0.0.1:" + app.getAddress().getPort();
        server = HeraldServer.start("{\"allowAnonymous\":false,\"apiKeys\":[\"" + BrowserTests.API_KEY + "\"],"
                + "\"hooks\":{\"proxy\":{\"connectUrl\":\"" + appUrl + "/herald/connect\"}}}");
    }

    @AfterAll
    static void stop() {
        server.close();
        app.stop(0);
    }

    /** GET: the form. POST: sets the session cookie and sends the browser to the chat page. */
    private static void login(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            respond(exchange, 200, "text/html", """
                    <!doctype html><title>Log in</title>
                    <form method="post" action="/login"><input id="user" name="user"><button id="go">Log in</button></form>
                    """);
            return;
        }
        String form;
        try (InputStream in = exchange.getRequestBody()) {
            form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String user = URLDecoder.decode(form.substring(form.indexOf("user=") + 5), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Set-Cookie", "sid=s-" + user + "; Path=/; HttpOnly; SameSite=Lax");
        exchange.getResponseHeaders().add("Location", BrowserTests.base(server) + "chat.html?name=" + user + "&room=cookies");
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    /** The connect proxy: the session cookie names the user; no session, no entry. */
    private static void connect(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int at = body.indexOf("sid=s-");
        cookiesSeen.add(at < 0 ? "" : body.substring(at, body.indexOf('"', at)));
        if (at < 0) {
            respond(exchange, 200, "application/json", "{\"error\":{\"message\":\"login required\"}}");
            return;
        }
        String user = body.substring(at + 6, body.indexOf('"', at)).split(";")[0];
        respond(exchange, 200, "application/json",
                "{\"result\":{\"user\":\"" + user + "\",\"name\":\"" + user + " (cookie)\"}}");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aLoggedInBrowserChatsAsTheUserItsCookieNamesAndAStrangerIsTurnedAway(Browser alice, Browser stranger)
            throws Exception {
        alice.open("http://127.0.0.1:" + app.getAddress().getPort() + "/login");
        alice.type("#user", "alice");
        alice.click("#go");
        ChatPage page = new ChatPage(alice).awaitState("connected");
        page.awaitPresence(List.of("alice (cookie) (you)"));
        page.send("hello from a cookie");
        page.awaitMessage("hello from a cookie");
        assertTrue(cookiesSeen.contains("sid=s-alice"), "the HttpOnly cookie reached the application: " + cookiesSeen);
        alice.screenshot("cookie-login-chat");

        new ChatPage(stranger).open(URI.create(BrowserTests.base(server).toString()), "mallory", "cookies");
        stranger.until(d -> cookiesSeen.contains("") ? Boolean.TRUE : null, "a connect without a session cookie");
        stranger.waitForAttribute("#state", "data-state", "disconnected");
        assertEquals(List.of("sid=s-alice", ""), List.copyOf(cookiesSeen), "no cookie, no user");
        page.awaitPresence(List.of("alice (cookie) (you)"));
    }
}
