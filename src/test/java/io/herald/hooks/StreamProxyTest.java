package io.herald.hooks;

import io.herald.testing.HeraldServer;
import io.herald.testing.HttpStreamClient;
import io.herald.testing.HttpStreamClient.Kind;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connect proxy of a real standalone Herald over the HTTP transports, as over WebSocket: the request
 * that opened the stream gives the backend its allow-listed headers (the session cookie), the transport's
 * name, and the client's address, taken from {@code X-Forwarded-For} only when the peer is a trusted proxy.
 */
@Tag("integration")
class StreamProxyTest {
    private final ProxyBackend backend = new ProxyBackend();
    private HeraldServer server;
    /** When set, the backend answers a connect only once it is counted down (or after 5 s). */
    private volatile CountDownLatch holdConnect;

    StreamProxyTest() throws Exception {
        backend.on("/connect", req -> {
            CountDownLatch hold = holdConnect;
            if (hold != null) {
                try {
                    hold.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String cookie = req.getJsonObject("headers").getString("cookie", "");
            return cookie.contains("sid=s-")
                    ? ProxyBackend.Answer.json("{\"result\":{\"user\":\"" + cookie.substring(cookie.indexOf("sid=s-") + 6)
                    + "\"}}")
                    : ProxyBackend.Answer.json("{\"error\":{\"message\":\"login required\"}}");
        });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    private void start(String trustedProxies) throws Exception {
        server = HeraldServer.start("{\"allowAnonymous\":false,\"statsChannel\":\"\",\"security\":{\"trustedProxies\":"
                + trustedProxies + "},\"hooks\":{\"proxy\":{\"connectUrl\":\"" + backend.url("/connect")
                + "\",\"timeoutMillis\":1500,\"headers\":[\"cookie\"]}}}");
    }

    private HttpStreamClient open(Kind kind) throws Exception {
        URI base = URI.create(server.httpUri("/").toString().replaceAll("/$", ""));
        return HttpStreamClient.open(kind, base, "{\"id\":1,\"type\":\"connect\"}", Map.of(
                "Cookie", "theme=dark; sid=s-alice", "X-Not-Listed", "secret-ish", "X-Forwarded-For", "203.0.113.7"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theStreamRequestsCookieConnectsAndATrustedProxysForwardedAddressIsTheRemote(Kind kind) throws Exception {
        start("[\"127.0.0.1\"]");
        try (HttpStreamClient c = open(kind)) {
            JsonObject reply = c.awaitReply(1);
            assertEquals("alice", reply.getJsonObject("result").getString("user"), reply.toString());
            JsonObject asked = backend.requests("/connect").get(0);
            assertEquals("theme=dark; sid=s-alice", asked.getJsonObject("headers").getString("cookie"));
            assertFalse(asked.getJsonObject("headers").containsKey("x-not-listed"), "only allow-listed headers go");
            assertEquals(kind == Kind.SSE ? "sse" : "http_stream", asked.getString("transport"));
            assertEquals("203.0.113.7", asked.getString("remote"));
            assertEquals(reply.getJsonObject("result").getString("client"), asked.getString("client"));
        }
    }

    /** The backend answers the connect later: the resume's subscribe waits behind it, as a client's would. */
    @Test
    void anSseResumeRunsOnceTheProxiedConnectSucceeded() throws Exception {
        start("[]");
        URI base = URI.create(server.httpUri("/").toString().replaceAll("/$", ""));
        try (HttpStreamClient c = HttpStreamClient.open(Kind.SSE, base, "{\"id\":1,\"type\":\"connect\"}",
                Map.of("Cookie", "sid=s-bob", "Last-Event-ID", "h1;inbox#bob,stale,3"))) {
            assertEquals("bob", c.awaitReply(1).getJsonObject("result").getString("user"));
            JsonObject resume = c.awaitPush("resume", "inbox#bob");
            assertFalse(resume.getJsonObject("result").getBoolean("recovered"), resume.toString());
            assertEquals("h1;inbox#bob," + resume.getJsonObject("result").getString("epoch") + ","
                    + resume.getJsonObject("result").getInt("offset"), c.eventIds().get(c.eventIds().size() - 1));
        }
    }

    /**
     * A page POSTs its subscribe as soon as it reads the session id, while the backend is still deciding the
     * connect the stream carried: the subscribe waits behind that connect, as on a WebSocket, and gets its
     * result rather than not_connected.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCommandPostedWhileTheProxiedConnectIsPendingRunsAfterIt(Kind kind) throws Exception {
        start("[]");
        CountDownLatch hold = new CountDownLatch(1);
        holdConnect = hold;
        try (HttpStreamClient c = open(kind)) {
            assertEquals(204, c.post("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"news\"}").statusCode());
            hold.countDown();
            assertEquals("alice", c.awaitReply(1).getJsonObject("result").getString("user"));
            JsonObject subscribed = c.awaitReply(2);
            assertTrue(subscribed.containsKey("result"), subscribed.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withoutTrustedProxiesTheForwardedHeaderIsIgnored(Kind kind) throws Exception {
        start("[]");
        try (HttpStreamClient c = open(kind)) {
            assertEquals("alice", c.awaitReply(1).getJsonObject("result").getString("user"));
            assertEquals("127.0.0.1", backend.requests("/connect").get(0).getString("remote"));
        }
    }
}
