package io.herald.security;

import io.herald.testing.Fixtures;
import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Private namespaces, user-limited channels and per-namespace read permissions, over real WebSockets. */
@Tag("integration")
class ChannelAuthorizationTest {
    private static HeraldServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(() -> {
        String stream = "\"presence\":true,\"historySize\":10,\"historyTtlSeconds\":60,\"history\":true";
        return server = HeraldServer.start("{\"allowAnonymous\":true,\"auth\":{\"hmacSecret\":\"" + Tokens.SECRET + "\"},"
                + "\"namespaces\":{"
                + "\"secret\":{\"private\":true," + stream + ",\"publish\":\"clients\",\"presenceFor\":\"clients\",\"historyFor\":\"clients\"},"
                + "\"notifications\":{" + stream + "},"
                + "\"room\":{" + stream + ",\"publish\":\"subscribers\"},"
                + "\"lobby\":{" + stream + ",\"publish\":\"clients\",\"presenceFor\":\"clients\",\"historyFor\":\"clients\"}}}");
    });

    private static WsTestClient user(String name) throws Exception {
        WsTestClient c = WsTestClient.open(server.wsUri());
        c.result("connect", ",\"token\":\"" + Tokens.hs256(Tokens.claims(name, 600).build()) + "\"");
        return c;
    }

    private static String subToken(String sub, String channel, long expiresIn) {
        return Tokens.hs256(Tokens.claims(sub, expiresIn).claim("channel", channel).build());
    }

    private static String error(JsonObject reply) {
        assertTrue(reply.containsKey("error"), reply.toString());
        return reply.getJsonObject("error").getString("code");
    }

    private static JsonObject subscribe(WsTestClient c, String channel, String token) throws Exception {
        return c.request("subscribe", ",\"channel\":\"" + channel + "\"" + (token == null ? "" : ",\"token\":\"" + token + "\""));
    }

    @Test
    void privateNamespaceNeedsASubscriptionTokenNamingThisUserAndChannel() throws Exception {
        try (WsTestClient alice = user("alice"); WsTestClient anon = WsTestClient.connected(server.wsUri(), "anon")) {
            String channel = "secret:plans";
            assertEquals("permission_denied", error(subscribe(alice, channel, null)));
            assertEquals("permission_denied", error(subscribe(alice, channel, subToken("alice", "secret:other", 600))));
            assertEquals("permission_denied", error(subscribe(alice, channel, subToken("bob", channel, 600))));
            assertEquals("permission_denied", error(subscribe(alice, channel, subToken("alice", channel, -120))));
            assertEquals("permission_denied", error(subscribe(alice, channel, Tokens.hs256(Tokens.claims("alice", 600).build()))),
                    "a connection token is not a subscription token");
            assertEquals("permission_denied", error(subscribe(alice, channel, "garbage")));
            assertEquals("permission_denied", error(subscribe(anon, channel, subToken("alice", channel, 600))));
            assertTrue(alice.isOpen(), "a refused subscription never closes the connection");
            assertTrue(subscribe(alice, channel, subToken("alice", channel, 600)).containsKey("result"));
            assertTrue(subscribe(anon, channel, subToken("", channel, 600)).containsKey("result"),
                    "an anonymous client may hold a token issued to the anonymous user");
        }
    }

    @Test
    void inAPrivateNamespaceEveryCommandNeedsTheSubscription() throws Exception {
        try (WsTestClient alice = user("alice")) {
            String channel = "secret:files";
            assertEquals("permission_denied", error(alice.request("presence", ",\"channel\":\"" + channel + "\"")));
            assertEquals("permission_denied", error(alice.request("history", ",\"channel\":\"" + channel + "\"")));
            assertEquals("permission_denied", error(alice.request("publish", ",\"channel\":\"" + channel + "\",\"data\":1")));
            subscribe(alice, channel, subToken("alice", channel, 600)).getJsonObject("result");
            assertTrue(alice.result("presence", ",\"channel\":\"" + channel + "\"").containsKey("clients"));
            assertTrue(alice.result("publish", ",\"channel\":\"" + channel + "\",\"data\":1").containsKey("offset"));
            assertEquals(1, alice.result("history", ",\"channel\":\"" + channel + "\"").getJsonArray("publications").size());
        }
    }

    @Test
    void userLimitedChannelIsOnlyForItsUser() throws Exception {
        try (WsTestClient alice = user("alice"); WsTestClient bob = user("bob");
             WsTestClient anon = WsTestClient.connected(server.wsUri(), "anon")) {
            assertTrue(subscribe(alice, "notifications:#alice", null).containsKey("result"));
            assertEquals("permission_denied", error(subscribe(bob, "notifications:#alice", null)));
            assertEquals("permission_denied", error(subscribe(anon, "notifications:#alice", null)));
            assertEquals("permission_denied", error(subscribe(anon, "notifications:#", null)));
            assertEquals("permission_denied", error(bob.request("history", ",\"channel\":\"notifications:#alice\"")));
            assertEquals("permission_denied", error(bob.request("presence", ",\"channel\":\"notifications:#alice\"")));
            assertEquals("permission_denied", error(bob.request("publish", ",\"channel\":\"lobby:#alice\",\"data\":1")));
            assertTrue(subscribe(alice, "secret:#alice", null).containsKey("result"),
                    "the owner needs no subscription token for their own channel");
        }
    }

    @Test
    void presenceAndHistoryAreForSubscribersUnlessTheNamespaceOpensThem() throws Exception {
        try (WsTestClient c = user("carol")) {
            assertEquals("permission_denied", error(c.request("presence", ",\"channel\":\"room:a\"")));
            assertEquals("permission_denied", error(c.request("history", ",\"channel\":\"room:a\"")));
            subscribe(c, "room:a", null).getJsonObject("result");
            assertTrue(c.result("presence", ",\"channel\":\"room:a\"").containsKey("clients"));
            assertTrue(c.result("history", ",\"channel\":\"room:a\"").containsKey("publications"));
            assertTrue(c.result("presence", ",\"channel\":\"lobby:a\"").containsKey("clients"));
            assertTrue(c.result("history", ",\"channel\":\"lobby:a\"").containsKey("publications"));
        }
    }
}
