package io.herald.security;

import io.herald.testing.HeraldServer;
import io.herald.testing.RawWebSocket;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every connection and rate limit, each with its documented code, and a bystander that keeps working.
 * Each test starts a server with small limits so the limit is reached quickly.
 */
@Tag("integration")
class LimitsTest {

    private static HeraldServer start(String limits, String extra) throws Exception {
        return HeraldServer.start("{\"allowAnonymous\":true,\"auth\":{\"hmacSecret\":\"" + Tokens.SECRET + "\"},"
                + "\"limits\":{\"newConnectionsPerSecondPerIp\":0," + limits + "}" + extra + "}");
    }

    private static String error(JsonObject reply) {
        assertTrue(reply.containsKey("error"), reply.toString());
        return reply.getJsonObject("error").getString("code");
    }

    /** The bystander is unaffected: it still gets replies and publications. */
    private static void assertBystanderFine(HeraldServer server, WsTestClient bystander) throws Exception {
        assertTrue(bystander.result("ping", "").isEmpty());
        String channel = "by" + System.nanoTime();
        bystander.result("subscribe", ",\"channel\":\"" + channel + "\"");
        assertEquals(200, server.api("POST", "/api/publish", "application/json",
                "{\"channel\":\"" + channel + "\",\"data\":1}").statusCode());
        assertEquals(1, bystander.awaitPush("pub", channel).getInt("data"));
    }

    /** Sends ping {@code id}; true once the client is closed instead of answered (bounded wait). */
    private static boolean answeredOrClosed(WsTestClient client, long id) throws Exception {
        client.sendText("{\"id\":" + id + ",\"type\":\"ping\"}");
        long deadline = System.nanoTime() + WsTestClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.seen().stream().anyMatch(m -> m.containsKey("id") && m.getJsonNumber("id").longValue() == id)) {
                return false;
            }
            try {
                client.awaitClose(Duration.ofMillis(10));
                return true;
            } catch (java.util.concurrent.TimeoutException stillOpen) {
                // neither yet
            }
        }
        throw new AssertionError("ping " + id + " neither answered nor closed within " + WsTestClient.WAIT);
    }

    @Test
    void commandFloodGetsLimitExceededThenIsClosedWith4007() throws Exception {
        try (HeraldServer server = start("\"commandsPerSecond\":5,\"commandBurst\":5,\"rejectedCommandsBeforeClose\":30", "");
             WsTestClient bystander = server.client("by");
             WsTestClient flooder = server.client("flood")) {
            for (int i = 0; i < 20; i++) {
                flooder.sendText("{\"id\":" + (100 + i) + ",\"type\":\"ping\"}");
            }
            // the burst left after connect is admitted, the rest are refused one by one
            JsonObject last = flooder.awaitReply(119);
            assertEquals("limit_exceeded", error(last));
            // then one at a time: each refused ping is answered until the 30th, which is answered by the
            // close, so nothing is written after it (a blind flood would race the close: broken pipe)
            int id = 200;
            while (!answeredOrClosed(flooder, id)) {
                assertTrue(++id < 260, "still open after 60 more pings");
            }
            assertEquals(4007, flooder.awaitClose().getCloseCode().getCode());
            assertTrue(server.server().hub().stats().limitCloses() >= 1);
            assertBystanderFine(server, bystander);
        }
    }

    @Test
    void connectionsPerUserAreCappedWith4504() throws Exception {
        try (HeraldServer server = start("\"maxConnectionsPerUser\":2", "");
             WsTestClient bob = WsTestClient.open(server.wsUri())) {
            String alice = Tokens.hs256(Tokens.claims("alice", 600).build());
            bob.result("connect", ",\"token\":\"" + Tokens.hs256(Tokens.claims("bob", 600).build()) + "\"");
            List<WsTestClient> alices = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    WsTestClient c = WsTestClient.open(server.wsUri());
                    alices.add(c);
                    c.result("connect", ",\"token\":\"" + alice + "\"");
                }
                try (WsTestClient third = WsTestClient.open(server.wsUri())) {
                    assertEquals("limit_exceeded", error(third.request("connect", ",\"token\":\"" + alice + "\"")));
                    assertEquals(4504, third.awaitClose().getCloseCode().getCode());
                }
                assertBystanderFine(server, bob);
            } finally {
                for (WsTestClient c : alices) {
                    c.close();
                }
            }
        }
    }

    @Test
    void connectionsPerAddressAreCappedWith4504() throws Exception {
        try (HeraldServer server = start("\"maxConnectionsPerIp\":3", "")) {
            List<WsTestClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    open.add(server.client("c" + i));
                }
                WsTestClient bystander = open.get(0);
                try (WsTestClient third = server.client("c2");
                     RawWebSocket fourth = RawWebSocket.connect(server.wsUri(), Map.of())) {
                    assertEquals(101, fourth.handshakeStatus(), "the limit is the hub's, after the handshake");
                    assertEquals(4504, fourth.awaitCloseCode(Duration.ofSeconds(10)));
                    assertTrue(third.result("ping", "").isEmpty());
                }
                assertBystanderFine(server, bystander);
            } finally {
                for (WsTestClient c : open) {
                    c.close();
                }
            }
        }
    }

    @Test
    void connectionsPerNodeAreCappedWith4006() throws Exception {
        try (HeraldServer server = start("\"maxConnections\":1", "");
             WsTestClient only = server.client("only");
             RawWebSocket extra = RawWebSocket.connect(server.wsUri(), Map.of())) {
            assertEquals(4006, extra.awaitCloseCode(Duration.ofSeconds(10)));
            assertTrue(only.result("ping", "").isEmpty());
        }
    }

    @Test
    void newConnectionsPerSecondPerAddressAreRefusedWithHttp429() throws Exception {
        try (HeraldServer server = HeraldServer.start("{\"allowAnonymous\":true,"
                + "\"limits\":{\"newConnectionsPerSecondPerIp\":1,\"newConnectionsBurstPerIp\":3}}")) {
            int[] statuses = new int[6];
            for (int i = 0; i < statuses.length; i++) {
                try (RawWebSocket s = RawWebSocket.connect(server.wsUri(), Map.of())) {
                    statuses[i] = s.handshakeStatus();
                }
            }
            assertEquals(101, statuses[0]);
            assertEquals(101, statuses[2]);
            assertEquals(429, statuses[5], java.util.Arrays.toString(statuses));
        }
    }

    @Test
    void channelsPerConnectionAreCappedWithLimitExceeded() throws Exception {
        try (HeraldServer server = start("\"maxChannelsPerConnection\":2", "");
             WsTestClient c = server.client("c")) {
            c.result("subscribe", ",\"channel\":\"a\"");
            c.result("subscribe", ",\"channel\":\"b\"");
            assertEquals("limit_exceeded", error(c.request("subscribe", ",\"channel\":\"c\"")));
            assertTrue(c.result("ping", "").isEmpty(), "the connection stays usable");
        }
    }

    @Test
    void clientThatNeverConnectsIsClosedWith4003() throws Exception {
        try (HeraldServer server = start("\"maxMessageBytes\":65536", ",\"connectTimeoutSeconds\":1");
             WsTestClient bystander = server.client("by");
             RawWebSocket silent = RawWebSocket.connect(server.wsUri(), Map.of())) {
            assertEquals(4003, silent.awaitCloseCode(Duration.ofSeconds(10)));
            assertBystanderFine(server, bystander);
        }
    }

    @Test
    void clientThatFallsSilentIsClosedWith4002() throws Exception {
        // no bystander here: this test's test client does not answer pings either
        try (HeraldServer server = start("\"maxMessageBytes\":65536", ",\"idleTimeoutSeconds\":2,\"pingIntervalSeconds\":1");
             RawWebSocket silent = RawWebSocket.connect(server.wsUri(), Map.of())) {
            silent.sendText("{\"id\":1,\"type\":\"connect\"}");
            // it never answers the server's pings
            assertEquals(4002, silent.awaitCloseCode(Duration.ofSeconds(10)));
        }
    }
}
