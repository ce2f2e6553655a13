package io.herald.pusher;

import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on the Pusher WebSocket: each gets the documented Pusher error or close code, the connection
 * survives what Pusher lets it survive, and a bystander subscribed all along keeps receiving.
 */
@Tag("integration")
class PusherBadInputTest {
    private static HeraldServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = HeraldServer.start(PusherJsStandaloneTest.CONFIG);
        port = server.server().port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String auth(String socketId, String channel, String channelData) {
        String text = socketId + ":" + channel + (channelData == null ? "" : ":" + channelData);
        return PusherJsStandaloneTest.KEY + ":" + Signatures.hmac(PusherJsStandaloneTest.SECRET, text);
    }

    @Test
    void anUnknownAppKeyIsRefusedWith4001() throws Exception {
        try (RawPusherSocket s = RawPusherSocket.open(port, "no-such-key", "?protocol=7")) {
            assertTrue(s.next().contains("\"code\":4001"));
            assertEquals(4001, s.awaitClose());
        }
    }

    @Test
    void protocolVersionsAreCheckedWith4006To4008() throws Exception {
        String[][] cases = {{"", "4008"}, {"?protocol=seven", "4006"}, {"?protocol=3", "4007"}, {"?protocol=8", "4007"}};
        for (String[] c : cases) {
            try (RawPusherSocket s = RawPusherSocket.open(port, PusherJsStandaloneTest.KEY, c[0])) {
                String error = s.next();
                assertTrue(error.contains("\"code\":" + c[1]), c[0] + " -> " + error);
                assertEquals(Integer.parseInt(c[1]), s.awaitClose(), c[0]);
            }
        }
    }

    @Test
    void malformedAndRefusedMessagesGetPusherErrorsAndBystandersKeepReceiving() throws Exception {
        try (RawPusherSocket bystander = RawPusherSocket.connected(port);
             RawPusherSocket s = RawPusherSocket.connected(port)) {
            bystander.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"bystanders\"}}");
            bystander.nextWith("subscription_succeeded");

            s.send("not json");
            assertTrue(s.next().contains("\"event\":\"pusher:error\""));
            s.send("{\"event\":\"pusher:bogus\",\"data\":{}}");
            assertTrue(s.next().contains("unknown event"));
            s.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"bad name!\"}}");
            String invalid = s.next();
            assertTrue(invalid.contains("pusher:subscription_error") && invalid.contains("\"status\":400"), invalid);

            s.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-x\",\"auth\":\""
                    + PusherJsStandaloneTest.KEY + ":" + "0".repeat(64) + "\"}}");
            String wrongSig = s.next();
            assertTrue(wrongSig.contains("AuthError") && wrongSig.contains("\"status\":401"), wrongSig);

            String noUser = "{\"user_info\":{}}";
            s.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-x\",\"auth\":\""
                    + auth(s.socketId, "presence-x", noUser) + "\",\"channel_data\":" + quote(noUser) + "}}");
            String badData = s.next();
            assertTrue(badData.contains("InvalidChannelData") && badData.contains("\"status\":400"), badData);

            s.send("{\"event\":\"client-hi\",\"channel\":\"bystanders\",\"data\":{}}");
            assertTrue(s.next().contains("not subscribed"));
            s.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"bystanders\"}}");
            s.nextWith("subscription_succeeded");
            s.send("{\"event\":\"client-hi\",\"channel\":\"bystanders\",\"data\":{}}");
            assertTrue(s.next().contains("only supported on private and presence channels"));

            s.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertEquals("{\"event\":\"pusher:pong\",\"data\":{}}", s.next());
            assertTrue(bystander.messages.stream().noneMatch(m -> m.contains("client-hi")));

            var r = server.api("POST", "/api/publish", "application/json",
                    "{\"channel\":\"pusher:" + PusherJsStandaloneTest.APP_ID + "/bystanders\",\"data\":"
                            + "{\"event\":\"still\",\"data\":\"here\"}}");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("{\"event\":\"still\",\"channel\":\"bystanders\",\"data\":\"here\"}", bystander.nextWith("still"));
            assertEquals("{\"event\":\"still\",\"channel\":\"bystanders\",\"data\":\"here\"}", s.nextWith("still"));
        }
    }

    @Test
    void heraldProtocolClientsCannotReadPusherChannelsWithoutASubscriptionToken() throws Exception {
        try (var herald = server.client("snoop")) {
            var reply = herald.request("subscribe", ",\"channel\":\"pusher:" + PusherJsStandaloneTest.APP_ID
                    + "/private-orders\"");
            assertEquals("permission_denied", reply.getJsonObject("error").getString("code"), reply.toString());
        }
    }

    @Test
    void aPresenceSubscriptionSignedByTheServerGetsItsMembers() throws Exception {
        try (RawPusherSocket s = RawPusherSocket.connected(port)) {
            String data = "{\"user_id\":42,\"user_info\":{\"name\":\"Zed\"}}";
            s.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-raw\",\"auth\":\""
                    + auth(s.socketId, "presence-raw", data) + "\",\"channel_data\":" + quote(data) + "}}");
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"presence-raw\",\"data\":"
                    + quote("{\"presence\":{\"ids\":[\"42\"],\"hash\":{\"42\":{\"name\":\"Zed\"}},\"count\":1}}") + "}",
                    s.next());
        }
    }

    private static String quote(String s) {
        return io.herald.protocol.JsonText.quote(s);
    }
}
