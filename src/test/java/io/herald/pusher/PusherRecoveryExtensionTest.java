package io.herald.pusher;

import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recovery extension: off by default (a plain app's frames are exactly Pusher's), and for an app with
 * {@code recovery: true} a client that resubscribes with {@code herald_since} gets what it missed. Also the
 * close code a server shutdown sends to Pusher clients.
 */
@Tag("integration")
class PusherRecoveryExtensionTest {
    private static final String CONFIG = "{\"allowAnonymous\":true,\"pusher\":{\"apps\":["
            + "{\"id\":\"" + PusherJsStandaloneTest.APP_ID + "\",\"key\":\"" + PusherJsStandaloneTest.KEY + "\",\"secret\":\""
            + PusherJsStandaloneTest.SECRET + "\"},"
            + "{\"id\":\"77\",\"key\":\"resume-key\",\"secret\":\"resume-secret\",\"recovery\":true}]}}";
    private static final Pattern POSITION = Pattern.compile("herald_position\\\\\":\\{\\\\\"offset\\\\\":(\\d+),\\\\\"epoch\\\\\":\\\\\"([^\\\\]+)");
    private static HeraldServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HeraldServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void publish(String app, String channel, String event, String data) throws Exception {
        var r = server.api("POST", "/api/publish", "application/json", "{\"channel\":\"pusher:" + app + "/" + channel
                + "\",\"data\":{\"event\":\"" + event + "\",\"data\":\"" + data + "\"}}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void aPlainAppSeesPusherFramesOnly() throws Exception {
        try (RawPusherSocket s = RawPusherSocket.connected(server.server().port())) {
            s.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"plain\"}}");
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"plain\",\"data\":\"{}\"}", s.next());
            publish(PusherJsStandaloneTest.APP_ID, "plain", "e", "1");
            assertEquals("{\"event\":\"e\",\"channel\":\"plain\",\"data\":\"1\"}", s.next());
        }
    }

    @Test
    void aClientOfARecoveryAppResumesFromItsLastOffset() throws Exception {
        int port = server.server().port();
        String epoch;
        long offset;
        try (RawPusherSocket first = RawPusherSocket.open(port, "resume-key", "?protocol=7")) {
            first.next();
            first.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"feed\"}}");
            String ok = first.next();
            Matcher m = POSITION.matcher(ok);
            assertTrue(m.find(), ok);
            epoch = m.group(2);
            publish("77", "feed", "e", "1");
            String e1 = first.next();
            assertTrue(e1.contains("\"herald_offset\":"), e1);
            offset = Long.parseLong(e1.replaceAll(".*\"herald_offset\":(\\d+).*", "$1"));
        }
        publish("77", "feed", "e", "2");
        publish("77", "feed", "e", "3");
        try (RawPusherSocket again = RawPusherSocket.open(port, "resume-key", "?protocol=7")) {
            again.next();
            again.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"feed\",\"herald_since\":{\"offset\":"
                    + offset + ",\"epoch\":\"" + epoch + "\"}}}");
            String ok = again.next();
            assertTrue(ok.contains("herald_recovered\\\":true"), ok);
            String e2 = again.next();
            String e3 = again.next();
            assertTrue(e2.startsWith("{\"event\":\"e\",\"channel\":\"feed\",\"data\":\"2\""), e2);
            assertTrue(e3.startsWith("{\"event\":\"e\",\"channel\":\"feed\",\"data\":\"3\""), e3);
            again.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"feed2\",\"herald_since\":{\"offset\":5,"
                    + "\"epoch\":\"gone\"}}}");
            String lost = again.next();
            assertTrue(lost.contains("herald_recovered\\\":false"), lost);
            assertFalse(lost.contains("presence"), lost);
        }
    }

    @Test
    void aServerShutdownClosesPusherClientsWith4200SoTheyReconnect() throws Exception {
        HeraldServer other = HeraldServer.start(PusherJsStandaloneTest.CONFIG);
        try (RawPusherSocket s = RawPusherSocket.connected(other.server().port())) {
            other.close();
            assertTrue(s.nextWith("pusher:error").contains("\"code\":4200"));
            assertEquals(4200, s.awaitClose());
        } finally {
            other.close();
        }
    }
}
