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
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Server-side subscriptions in real Chromium: the connect proxy grants {@code news} (and a channel in no
 * namespace); the browser client (/lib/herald.js, loaded by the page as an ES module) reports them as
 * {@code serverSubscribed} / {@code serverPublication} events, gets them granted again after a forced
 * reconnect without subscribing itself, and after a gap fills it from history with {@code previous}.
 */
@Tag("integration")
@ExtendWith(SharedBrowsers.class)
@Timeout(60)
class ServerSubscriptionsBrowserTest {
    private static HttpServer app;
    private static HeraldServer server;
    private static final AtomicInteger connects = new AtomicInteger();

    /**
     * Loads the client into the page and records what it emits, one string per event (epochs as 'E' when
     * set, so the strings do not depend on the broker's random epoch); errors are counted apart, since a
     * refused grant's error and the other grant's push may come in either order.
     */
    private static final String SETUP = """
            const done = arguments[arguments.length - 1];
            import(new URL('lib/herald.js', location.href)).then(({ Herald }) => {
              const herald = new Herald(null, { transports: ['websocket'], minReconnectDelay: 50, maxReconnectDelay: 200 });
              const pos = (p) => p ? (p.epoch ? 'E' : '-') + ':' + p.offset : 'null';
              window.events = [];
              window.errors = [];
              window.grants = [];
              herald.on('serverSubscribed', (e) => {
                window.grants.push(e);
                window.events.push('subscribed ' + e.channel + ' ' + pos(e.previous) + ' -> ' + pos(e.position));
              });
              herald.on('serverPublication', (p) => window.events.push('pub ' + p.channel + ' ' + p.offset + ' ' + JSON.stringify(p.data)));
              herald.on('error', (e) => window.errors.push(e.type + ' ' + e.error.code));
              window.herald = herald;
              herald.connect();
              done('loaded');
            }, (error) => done(String(error)));
            """;

    @BeforeAll
    static void start() throws Exception {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        app.setExecutor(Executors.newFixedThreadPool(4));
        app.createContext("/herald/connect", ServerSubscriptionsBrowserTest::connect);
        app.start();
        server = HeraldServer.start("{\"allowAnonymous\":false,\"apiKeys\":[\"" + BrowserTests.API_KEY + "\"],"
                + "\"hooks\":{\"proxy\":{\"connectUrl\":\"http://127.0.0.1:" + app.getAddress().getPort() + "/herald/connect\"}}}");
    }

    @AfterAll
    static void stop() {
        server.close();
        app.stop(0);
    }

    /** The connect proxy: everyone is alice, subscribed to news and to a channel Herald refuses. */
    private static void connect(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        connects.incrementAndGet();
        byte[] bytes = "{\"result\":{\"user\":\"alice\",\"channels\":[\"news\",\"nowhere:x\"]}}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void grantedChannelsArriveAsServerEventsAreGrantedAgainOnReconnectAndAGapIsFilledFromHistory(Browser page) throws Exception {
        page.open(BrowserTests.base(server).resolve("index.html").toString());
        assertEquals("loaded", async(page, SETUP));
        List<String> events = new ArrayList<>(List.of("subscribed news null -> E:0"));
        awaitEvents(page, events, 1);
        assertEquals("news", page.script("return window.herald.serverSubscriptions().join(',')"), "the refused channel is not granted");
        assertEquals(List.of("server unknown_channel"), page.script("return window.errors"));

        publish("{\"n\":1}");
        events.add("pub news 1 {\"n\":1}");
        awaitEvents(page, events, 1);

        // a forced reconnect: the backend is asked again and grants again; the client subscribes nothing itself
        assertEquals(200, server.api("POST", "/api/disconnect", "application/json", "{\"user\":\"alice\",\"reconnect\":true}").statusCode());
        events.add("subscribed news E:1 -> E:1");
        awaitEvents(page, events, 2);
        assertEquals(2, connects.get());
        assertEquals(0L, page.script("return window.herald.subscriptions().length"));

        // a gap: nothing is recovered; `previous` says where history continues
        page.script("window.herald.disconnect()");
        publish("{\"n\":2}");
        page.script("window.herald.connect()");
        events.add("subscribed news E:1 -> E:2");
        awaitEvents(page, events, 3);
        assertEquals(Boolean.TRUE, page.script("const g = window.grants; return g[0].position.epoch === g[2].position.epoch"));
        assertEquals("2 {\"n\":2}", async(page, """
                const done = arguments[arguments.length - 1];
                window.herald.history('news', { since: window.grants[2].previous })
                  .then((h) => done(h.publications.map((p) => p.offset + ' ' + JSON.stringify(p.data)).join('|')),
                    (e) => done('error ' + e.code));
                """));
        publish("{\"n\":3}");
        events.add("pub news 3 {\"n\":3}");
        awaitEvents(page, events, 3);
        assertEquals(3, connects.get());
        page.script("window.herald.disconnect()");
    }

    private static Object async(Browser page, String script) {
        return ((JavascriptExecutor) page.driver()).executeAsyncScript(script);
    }

    private static void publish(String data) throws Exception {
        assertEquals(200, server.api("POST", "/api/publish", "application/json", "{\"channel\":\"news\",\"data\":" + data + "}").statusCode());
    }

    /** Waits (bounded) until the page saw exactly {@code expected} and {@code errors} errors. */
    private static void awaitEvents(Browser page, List<String> expected, int errors) {
        String want = String.join("\n", expected) + "\n" + errors + " errors";
        String seen = "return window.events.join('\\n') + '\\n' + window.errors.length + ' errors'";
        try {
            page.until(d -> want.equals(page.script(seen)) ? Boolean.TRUE : null, "events:\n" + want);
        } catch (RuntimeException e) {
            assertEquals(want, page.script(seen), "events the page saw");
            throw e;
        }
    }
}
