package io.herald.hooks;

import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connect proxy's result beyond the user, as Centrifugo's: {@code channels} the backend subscribes the
 * connection to server-side (a private namespace's too, since the backend decided) and {@code info} attached
 * to the client, shown in presence, join pushes and publication info. A real standalone Herald asks a real
 * HTTP backend (the JDK's HttpServer).
 */
@Tag("integration")
class ProxyConnectResultTest {
    private final ProxyBackend backend = new ProxyBackend();
    private HeraldServer server;

    ProxyConnectResultTest() throws Exception {
        backend.on("/connect", req -> {
            String cookie = req.getJsonObject("headers").getString("cookie", "");
            String user = cookie.substring(cookie.indexOf("sid=") + 4);
            return ProxyBackend.Answer.json("{\"result\":{\"user\":\"" + user + "\",\"info\":{\"plan\":\"pro\",\"seat\":"
                    + user.length() + "},\"channels\":[\"room:lobby\",\"team:" + user + "\",\"nowhere:x\"]}}");
        });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void theBackendsChannelsAreSubscribedServerSideAndItsInfoShowsInPresenceJoinsAndPublications() throws Exception {
        server = HeraldServer.start("{\"allowAnonymous\":false,\"statsChannel\":\"\","
                + "\"namespaces\":{\"room\":{\"presence\":true,\"joinLeave\":true,\"publish\":\"subscribers\"},"
                + "\"team\":{\"private\":true}},"
                + "\"hooks\":{\"proxy\":{\"connectUrl\":\"" + backend.url("/connect") + "\"}}}");
        WsTestClient ann = WsTestClient.open(server.wsUri(), Map.of("Cookie", "sid=ann"));
        JsonObject connected = ann.result("connect", "");
        assertEquals("ann", connected.getString("user"));
        JsonObject lobby = ann.awaitPush("subscribed", "room:lobby");
        assertTrue(lobby.containsKey("offset") && lobby.containsKey("epoch"), lobby.toString());
        ann.awaitPush("subscribed", "team:ann"); // a private namespace, without a subscription token
        JsonObject refused = ann.await(m -> m.containsKey("error") && !m.containsKey("id"), "the unknown namespace");
        assertEquals("unknown_channel", refused.getJsonObject("error").getString("code"), refused.toString());
        assertTrue(refused.getJsonObject("error").getString("message").contains("nowhere:x"), refused.toString());

        assertEquals(200, server.api("POST", "/api/publish", "application/json",
                "{\"channel\":\"team:ann\",\"data\":{\"n\":1}}").statusCode());
        assertEquals(1, ann.awaitPush("pub", "team:ann").getJsonObject("data").getInt("n"));

        WsTestClient bob = WsTestClient.open(server.wsUri(), Map.of("Cookie", "sid=bob"));
        bob.result("connect", "");
        bob.awaitPush("subscribed", "room:lobby");
        JsonObject join = ann.await(m -> "join".equals(m.getString("type", ""))
                && "bob".equals(m.getJsonObject("info").getString("user")), "bob's join");
        assertEquals("bob", join.getJsonObject("info").getString("user"));
        assertEquals("{\"plan\":\"pro\",\"seat\":3}", join.getJsonObject("info").getJsonObject("connInfo").toString());

        JsonObject presence = bob.result("presence", ",\"channel\":\"room:lobby\"").getJsonObject("clients");
        assertEquals(2, presence.size(), presence.toString());
        JsonObject annInPresence = presence.getJsonObject(connected.getString("client"));
        assertEquals("pro", annInPresence.getJsonObject("connInfo").getString("plan"));

        bob.result("publish", ",\"channel\":\"room:lobby\",\"data\":{\"text\":\"hi\"}");
        JsonObject pub = ann.awaitPush("pub", "room:lobby");
        assertEquals("bob", pub.getJsonObject("info").getString("user"));
        assertEquals(3, pub.getJsonObject("info").getJsonObject("connInfo").getInt("seat"));

        JsonObject denied = bob.request("subscribe", ",\"channel\":\"team:ann\"");
        assertEquals("permission_denied", denied.getJsonObject("error").getString("code"),
                "a channel the backend did not grant still needs its token");
        assertFalse(bob.seen().stream().anyMatch(m -> "team:ann".equals(m.getString("channel", ""))));
        ann.close();
        bob.close();
    }
}
