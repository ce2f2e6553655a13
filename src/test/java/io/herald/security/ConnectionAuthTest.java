package io.herald.security;

import io.herald.testing.Fixtures;
import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JWT connection auth over real WebSockets on the standalone server: connect, refuse, refresh, expire. */
@Tag("integration")
class ConnectionAuthTest {
    private static HeraldServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = HeraldServer.start("{\"allowAnonymous\":false,\"auth\":{\"hmacSecret\":\"" + Tokens.SECRET + "\"}}"));

    private static JsonObject connect(WsTestClient c, String token) throws Exception {
        return c.request("connect", token == null ? "" : ",\"token\":\"" + token + "\"");
    }

    private static String error(JsonObject reply) {
        assertTrue(reply.containsKey("error"), reply.toString());
        return reply.getJsonObject("error").getString("code");
    }

    @Test
    void validTokenConnectsAsItsUserAndReportsExpiry() throws Exception {
        try (WsTestClient c = WsTestClient.open(server.wsUri())) {
            JsonObject result = connect(c, Tokens.hs256(Tokens.claims("alice", 600).build())).getJsonObject("result");
            assertEquals("alice", result.getString("user"));
            long expires = result.getJsonNumber("expires").longValue();
            assertTrue(Math.abs(expires - (System.currentTimeMillis() / 1000 + 600)) < 5, result.toString());
        }
    }

    @Test
    void refusedTokensGetUnauthorizedAndTerminalClose4501() throws Exception {
        java.security.KeyPair otherRsa = Tokens.rsaKeys();
        String[] refused = {
                null, // anonymous access is off
                "not-a-jwt",
                Tokens.unsigned(Tokens.claims("alice", 600).build()),
                Tokens.hs256("a-different-secret-of-32-bytes-or-more", Tokens.claims("alice", 600).build()),
                Tokens.rs256(otherRsa, null, Tokens.claims("alice", 600).build()),
                Tokens.tampered(Tokens.hs256(Tokens.claims("alice", 600).build()), j -> j.replace("alice", "root")),
        };
        for (String token : refused) {
            try (WsTestClient c = WsTestClient.open(server.wsUri())) {
                assertEquals("unauthorized", error(connect(c, token)), String.valueOf(token));
                JsonObject push = c.awaitPush("disconnect", null);
                assertFalse(push.getBoolean("reconnect"));
                assertEquals(4501, c.awaitClose().getCloseCode().getCode());
            }
        }
    }

    @Test
    void expiredTokenAtConnectClosesWith4004SoTheClientFetchesANewOne() throws Exception {
        try (WsTestClient c = WsTestClient.open(server.wsUri())) {
            assertEquals("unauthorized", error(connect(c, Tokens.hs256(Tokens.claims("alice", -120).build()))));
            assertEquals(4004, c.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void connectionWhoseTokenExpiresIsClosedWith4004() throws Exception {
        try (WsTestClient c = WsTestClient.open(server.wsUri())) {
            connect(c, Tokens.hs256(Tokens.claims("alice", 2).build())).getJsonObject("result");
            JsonObject push = c.awaitPush("disconnect", null);
            assertEquals(4004, push.getInt("code"));
            assertTrue(push.getBoolean("reconnect"));
            assertEquals(4004, c.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void refreshBeforeExpiryKeepsTheConnectionOpen() throws Exception {
        try (WsTestClient c = WsTestClient.open(server.wsUri())) {
            connect(c, Tokens.hs256(Tokens.claims("alice", 2).build())).getJsonObject("result");
            JsonObject refreshed = c.result("refresh", ",\"token\":\"" + Tokens.hs256(Tokens.claims("alice", 600).build()) + "\"");
            assertTrue(refreshed.getJsonNumber("expires").longValue() > System.currentTimeMillis() / 1000 + 500);
            assertThrows(TimeoutException.class, () -> c.awaitClose(Duration.ofSeconds(4)),
                    "still open after the first token's expiry");
            assertTrue(c.result("ping", "").isEmpty());
        }
    }

    @Test
    void refreshWithABadTokenOrAnotherUsersTokenIsRefusedAndTheConnectionStays() throws Exception {
        try (WsTestClient c = WsTestClient.open(server.wsUri())) {
            connect(c, Tokens.hs256(Tokens.claims("alice", 600).build())).getJsonObject("result");
            assertEquals("unauthorized", error(c.request("refresh", ",\"token\":\""
                    + Tokens.hs256(Tokens.claims("mallory", 600).build()) + "\"")));
            assertEquals("unauthorized", error(c.request("refresh", ",\"token\":\"garbage\"")));
            assertEquals("unauthorized", error(c.request("refresh", ",\"token\":\""
                    + Tokens.hs256(Tokens.claims("alice", -120).build()) + "\"")));
            assertEquals("bad_request", error(c.request("refresh", "")));
            assertTrue(c.result("ping", "").isEmpty());
            assertTrue(c.isOpen());
        }
    }
}
