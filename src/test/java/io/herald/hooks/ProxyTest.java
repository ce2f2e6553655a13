package io.herald.hooks;

import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy of a real standalone Herald asking a real HTTP backend to decide connects, subscribes, publishes and rpc. */
@Tag("integration")
class ProxyTest {
    private final ProxyBackend backend = new ProxyBackend();
    private final CountDownLatch released = new CountDownLatch(1);
    private HeraldServer server;

    ProxyTest() throws Exception {
        backend.on("/connect", req -> {
            String cookie = req.getJsonObject("headers").getString("cookie", "");
            if (!cookie.contains("sid=s-")) {
                return ProxyBackend.Answer.json("{\"error\":{\"message\":\"login required\"}}");
            }
            String user = cookie.substring(cookie.indexOf("sid=s-") + 6).split(";")[0];
            long expires = System.currentTimeMillis() / 1000 + (user.startsWith("short") ? 3 : 600);
            return ProxyBackend.Answer.json("{\"result\":{\"user\":\"" + user + "\",\"name\":\"" + user.toUpperCase()
                    + "\",\"expiresAt\":" + expires + "}}");
        });
        backend.on("/subscribe", req -> req.getString("channel").equals("chat:secret")
                ? ProxyBackend.Answer.json("{\"error\":{\"message\":\"members only\"}}")
                : ProxyBackend.Answer.json("{\"result\":{}}"));
        backend.on("/publish", req -> {
            String text = req.getJsonObject("data").getString("text");
            return text.contains("darn") ? ProxyBackend.Answer.json("{\"error\":{\"message\":\"watch your language\"}}")
                    : ProxyBackend.Answer.json("{\"result\":{\"data\":{\"text\":\"" + text.toUpperCase() + "\",\"by\":\""
                    + req.getString("user") + "\"}}}");
        });
        backend.on("/rpc", req -> switch (req.getString("method")) {
            case "whoami" -> ProxyBackend.Answer.json("{\"result\":{\"data\":{\"user\":\"" + req.getString("user")
                    + "\",\"echo\":" + req.get("data") + "}}}");
            case "boom" -> new ProxyBackend.Answer(500, "{}");
            case "garbage" -> new ProxyBackend.Answer(200, "<html>not json");
            case "hangup" -> new ProxyBackend.Answer(200, null);
            case "slow" -> {
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield ProxyBackend.Answer.json("{\"result\":{}}");
            }
            default -> ProxyBackend.Answer.json("{\"error\":{\"message\":\"no such method\"}}");
        });
        backend.on("/refresh", req -> req.getString("user").equals("shortlived")
                ? ProxyBackend.Answer.json("{\"result\":{\"expiresAt\":" + (System.currentTimeMillis() / 1000 + 600) + "}}")
                : ProxyBackend.Answer.json("{\"error\":{\"message\":\"session over\"}}"));
    }

    @AfterEach
    void stop() {
        released.countDown();
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    private void startServer() throws Exception {
        server = HeraldServer.start("{\"allowAnonymous\":false,\"statsChannel\":\"\",\"hooks\":{\"proxy\":{"
                + "\"connectUrl\":\"" + backend.url("/connect") + "\",\"refreshUrl\":\"" + backend.url("/refresh")
                + "\",\"rpcUrl\":\"" + backend.url("/rpc") + "\",\"timeoutMillis\":1500,"
                + "\"headers\":[\"cookie\",\"user-agent\"],"
                + "\"subscribe\":[{\"namespaces\":[\"chat\"],\"url\":\"" + backend.url("/subscribe") + "\"}],"
                + "\"publish\":[{\"namespaces\":[\"chat\"],\"url\":\"" + backend.url("/publish") + "\"}]}}}");
    }

    private WsTestClient withCookie(String cookie) throws Exception {
        return WsTestClient.open(server.wsUri(), Map.of("Cookie", cookie, "X-Not-Listed", "secret-ish"));
    }

    @Test
    void aSessionCookieConnectsAsTheUserTheBackendNamesAndNoCookieIsRefusedWith4501() throws Exception {
        startServer();
        WsTestClient alice = withCookie("theme=dark; sid=s-alice");
        JsonObject result = alice.result("connect", "");
        assertEquals("alice", result.getString("user"));
        JsonObject asked = backend.requests("/connect").get(0);
        assertEquals("theme=dark; sid=s-alice", asked.getJsonObject("headers").getString("cookie"));
        assertFalse(asked.getJsonObject("headers").containsKey("x-not-listed"), "only allow-listed headers go");
        assertEquals(result.getString("client"), asked.getString("client"));

        WsTestClient stranger = WsTestClient.open(server.wsUri());
        JsonObject refused = stranger.request("connect", "");
        assertEquals("unauthorized", refused.getJsonObject("error").getString("code"));
        assertEquals("login required", refused.getJsonObject("error").getString("message"));
        assertEquals(4501, stranger.awaitClose().getCloseCode().getCode());
        alice.close();
    }

    @Test
    void concurrentHandshakesEachForwardTheirOwnCookie() throws Exception {
        startServer();
        try (WsTestClient warm = withCookie("sid=s-warm")) {
            assertEquals("warm", warm.result("connect", "").getString("user"));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<CompletableFuture<String>> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String user = "user" + i;
            users.add(CompletableFuture.supplyAsync(() -> {
                try (WsTestClient c = withCookie("sid=s-" + user)) {
                    return c.result("connect", "").getString("user");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        for (int i = 0; i < users.size(); i++) {
            assertEquals("user" + i, users.get(i).get(20, TimeUnit.SECONDS));
        }
        pool.shutdown();
    }

    @Test
    void theBackendAllowsRefusesAndRewritesSubscribesAndPublishes() throws Exception {
        startServer();
        WsTestClient alice = withCookie("sid=s-alice");
        alice.result("connect", "");
        JsonObject secret = alice.request("subscribe", ",\"channel\":\"chat:secret\"");
        assertEquals("permission_denied", secret.getJsonObject("error").getString("code"));
        assertEquals("members only", secret.getJsonObject("error").getString("message"));
        alice.result("subscribe", ",\"channel\":\"chat:room\"");
        JsonObject rude = alice.request("publish", ",\"channel\":\"chat:room\",\"data\":{\"text\":\"darn\"}");
        assertEquals("watch your language", rude.getJsonObject("error").getString("message"));
        alice.result("publish", ",\"channel\":\"chat:room\",\"data\":{\"text\":\"hello\"}");
        JsonObject pub = alice.await(m -> m.containsKey("data") && !m.containsKey("id"), "the rewritten publication");
        assertEquals("{\"text\":\"HELLO\",\"by\":\"alice\"}", pub.get("data").toString());
        assertEquals(2, backend.requests("/publish").size());
        alice.close();
    }

    @Test
    void rpcIsAnsweredByTheBackendAndItsFailuresAreUnavailableToThatClientOnly() throws Exception {
        startServer();
        WsTestClient alice = withCookie("sid=s-alice");
        alice.result("connect", "");
        JsonObject who = alice.result("rpc", ",\"method\":\"whoami\",\"data\":{\"n\":1}");
        assertEquals("{\"user\":\"alice\",\"echo\":{\"n\":1}}", who.get("data").toString());
        assertEquals("no such method", alice.request("rpc", ",\"method\":\"nope\"").getJsonObject("error").getString("message"));
        for (String broken : List.of("boom", "garbage", "hangup", "slow")) {
            long start = System.nanoTime();
            JsonObject reply = alice.request("rpc", ",\"method\":\"" + broken + "\"");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("unavailable", reply.getJsonObject("error").getString("code"), broken + ": " + reply);
            assertTrue(millis < 3_000, broken + " answered after " + millis + " ms (timeout 1500 ms)");
        }
        assertTrue(alice.isOpen(), "a failed rpc never closes the connection");
    }

    @Test
    void aHangingBackendDelaysOnlyItsOwnClientsCommandsNotABystander() throws Exception {
        startServer();
        WsTestClient stuck = withCookie("sid=s-stuck");
        stuck.result("connect", "");
        WsTestClient bystander = withCookie("sid=s-bob");
        bystander.result("connect", "");
        long slowId = stuck.nextId();
        stuck.sendText("{\"id\":" + slowId + ",\"type\":\"rpc\",\"method\":\"slow\"}");
        long pingId = stuck.nextId();
        stuck.sendText("{\"id\":" + pingId + ",\"type\":\"ping\"}");
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            bystander.result("ping", "");
            latencies.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(latencies);
        assertTrue(latencies.get(latencies.size() - 2) < 100, "bystander ping while another's rpc hangs: " + latencies);
        JsonObject slow = stuck.awaitReply(slowId);
        JsonObject ping = stuck.awaitReply(pingId);
        assertEquals("unavailable", slow.getJsonObject("error").getString("code"));
        assertTrue(ping.containsKey("result"), "the stuck client's next command ran after its rpc gave up, in order");
    }

    @Test
    void theRefreshProxyExtendsAConnectionAndARefusedRefreshLetsItExpireWith4004() throws Exception {
        startServer();
        WsTestClient extended = withCookie("sid=s-shortlived");
        extended.result("connect", "");
        WsTestClient refused = withCookie("sid=s-shortgone");
        refused.result("connect", "");
        CloseReason closed = refused.awaitClose(Duration.ofSeconds(10));
        assertEquals(4004, closed.getCloseCode().getCode());
        assertTrue(extended.isOpen(), "the refreshed connection outlived its first expiry");
        assertTrue(backend.requests("/refresh").stream().anyMatch(r -> r.getString("user").equals("shortlived")));
        extended.result("ping", "");
    }

    @Test
    void aConnectBackendThatIsDownClosesWithTryAgainLater() throws Exception {
        startServer();
        backend.close();
        WsTestClient c = withCookie("sid=s-alice");
        JsonObject reply = c.request("connect", "");
        assertEquals("unavailable", reply.getJsonObject("error").getString("code"));
        assertEquals(1013, c.awaitClose().getCloseCode().getCode());
    }
}
