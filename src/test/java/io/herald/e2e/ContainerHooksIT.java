package io.herald.e2e;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Validity;
import io.herald.containers.BuiltWar;
import io.herald.testing.WsTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backend hooks in a real servlet container (Tomcat 11/10.1, GlassFish 7/8, chosen by the failsafe
 * execution): the built WAR, deployed as {@code /herald-hooks} with its own config file named by the
 * servlet context parameter {@code herald.config} (as a user deploys a second Herald beside the first),
 * asks a real HTTP backend (the connect proxy, by the page's session cookie), and sends it signed
 * webhooks: Herald's format, checked against the HMAC, and a Pusher app's, checked by Pusher's own server
 * SDK ({@code pusher-http-java}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ContainerHooksIT {
    private static final String SECRET = "container-hooks-secret-0123";
    private static final String APP_ID = "77";
    private static final String APP_KEY = "hooks-app-key";
    private static final String APP_SECRET = "hooks-app-secret-0123";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static HooksBackend backend;

    @Deployment(testable = false)
    static WebArchive war() throws IOException {
        backend = new HooksBackend(SECRET);
        Path config = Files.createTempFile("herald-hooks-", ".json");
        config.toFile().deleteOnExit();
        Files.writeString(config, """
                {"allowAnonymous": false, "statsChannel": "", "apiKeys": ["container-hooks-api-key-0123"],
                 "namespaces": {"room": {"presence": true, "joinLeave": true, "publish": "subscribers"}},
                 "pusher": {"apps": [{"id": "%s", "key": "%s", "secret": "%s", "webhookUrl": "%s"}]},
                 "hooks": {"webhooks": [{"name": "app", "url": "%s", "secrets": ["%s"], "namespaces": ["room"],
                                         "batchWindowMillis": 10}],
                           "proxy": {"connectUrl": "%s", "timeoutMillis": 5000}}}
                """.formatted(APP_ID, APP_KEY, APP_SECRET, backend.url("/pusher"), backend.url("/webhooks"), SECRET,
                backend.url("/connect")));
        return ShrinkWrap.create(WebArchive.class, "herald-hooks.war").merge(BuiltWar.archive())
                .setWebXML(new StringAsset("""
                        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                          <context-param>
                            <param-name>herald.config</param-name>
                            <param-value>%s</param-value>
                          </context-param>
                        </web-app>
                        """.formatted(config.toAbsolutePath())));
    }

    @AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @ArquillianResource
    private URL base;

    private String root() {
        String text = base.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Test
    void theConnectProxyIsAskedAndSignedWebhooksReachTheBackend() throws Exception {
        URI ws = URI.create("ws" + root().substring("http".length()) + "/ws");
        JsonObject connected;
        try (WsTestClient ann = WsTestClient.open(ws, Map.of("Cookie", "sid=ann"))) {
            connected = ann.result("connect", "");
            assertEquals("ann", connected.getString("user"), "the backend named the user from the cookie");
            ann.awaitPush("subscribed", "room:lobby");
            JsonObject presence = ann.result("presence", ",\"channel\":\"room:lobby\"").getJsonObject("clients");
            assertEquals("cookie", presence.getJsonObject(connected.getString("client")).getJsonObject("connInfo")
                    .getString("via"));
        }
        HooksBackend.Received asked = backend.received("/connect").get(0);
        assertEquals("sid=ann", asked.json().getJsonObject("headers").getString("cookie"));
        assertEquals(connected.getString("client"), asked.json().getString("client"));
        // The address comes from the handshake request on every container (Tomcat gives endpoints none;
        // Herald's servlet filter passes it on). Checked here, in Herald's own output, rather than in the
        // container's log file: GlassFish's server.log once stayed without a single server record for a
        // whole execution, so a log-file check tested GlassFish's logging, not Herald.
        assertEquals("127.0.0.1", asked.json().getString("remote"), asked.json().toString());
        try (WsTestClient stranger = WsTestClient.open(ws)) {
            JsonObject refused = stranger.request("connect", "");
            assertEquals("unauthorized", refused.getJsonObject("error").getString("code"));
            assertEquals(4501, stranger.awaitClose().getCloseCode().getCode());
        }

        String client = connected.getString("client");
        List<JsonObject> events = backend.awaitEvents("/webhooks", e -> ann(e, client).stream()
                .filter(x -> x.getString("type").equals("disconnect") || x.getString("type").equals("channel_vacated"))
                .count() == 2, WAIT, "ann's disconnect and the lobby vacated");
        List<JsonObject> anns = ann(events, client);
        // per connection in order; the cluster-wide transitions follow what caused them (docs/hooks.md)
        assertEquals(List.of("connect", "subscribe", "unsubscribe", "disconnect"), types(anns.stream()
                .filter(e -> e.containsKey("client")).toList()), anns.toString());
        assertEquals(List.of("channel_occupied", "member_added", "member_removed", "channel_vacated"), types(anns.stream()
                .filter(e -> !e.containsKey("client")).toList()), anns.toString());
        assertEquals("ann", anns.stream().filter(e -> e.getString("type").equals("member_added")).findFirst()
                .orElseThrow().getString("user"));
        for (HooksBackend.Received r : backend.received("/webhooks")) {
            assertTrue(r.heraldSignatureValid(), "X-Herald-Signature over the body: " + r.body());
        }
    }

    @Test
    void aPusherAppsWebhookIsSignedWithItsSecretAndPushersSdkAcceptsIt() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        URI uri = URI.create("ws" + root().substring("http".length()) + "/app/" + APP_KEY + "?protocol=7&client=it&version=1");
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertEquals("pusher:connection_established", event(messages));
        socket.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"container-news\"}}", true)
                .get(10, TimeUnit.SECONDS);
        assertEquals("pusher_internal:subscription_succeeded", event(messages));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

        List<JsonObject> events = backend.awaitEvents("/pusher", e -> e.size() >= 2, WAIT, "occupied and vacated");
        assertEquals(List.of("channel_occupied", "channel_vacated"),
                events.stream().map(e -> e.getString("name")).toList(), events.toString());
        assertEquals("container-news", events.get(0).getString("channel"));
        try (Pusher sdk = new Pusher(APP_ID, APP_KEY, APP_SECRET);
             Pusher stranger = new Pusher(APP_ID, APP_KEY, "another-secret-0123")) {
            for (HooksBackend.Received r : backend.received("/pusher")) {
                assertEquals(APP_KEY, r.header("X-Pusher-Key"));
                assertEquals(Validity.VALID, sdk.validateWebhookSignature(r.header("X-Pusher-Key"),
                        r.header("X-Pusher-Signature"), r.body()), r.body());
                assertEquals(Validity.INVALID, stranger.validateWebhookSignature(r.header("X-Pusher-Key"),
                        r.header("X-Pusher-Signature"), r.body()));
            }
        }
        assertFalse(backend.received("/pusher").isEmpty());
    }

    private static String event(BlockingQueue<String> messages) throws InterruptedException {
        String message = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "a Pusher message within 10 s");
        try (JsonReader r = Json.createReader(new StringReader(message))) {
            return r.readObject().getString("event");
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("not JSON: " + message, e));
        }
    }

    /** Ann's events and her channel's (a Pusher connection of the other test may have come and gone too). */
    private static List<JsonObject> ann(List<JsonObject> events, String client) {
        return events.stream().filter(e -> client.equals(e.getString("client", ""))
                || "room:lobby".equals(e.getString("channel", ""))).toList();
    }

    private static List<String> types(List<JsonObject> events) {
        return events.stream().map(e -> e.getString("type")).toList();
    }
}
