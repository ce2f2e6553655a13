package io.herald.pusher;

import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.PusherConfig;
import io.herald.hub.CloseCode;
import io.herald.pusher.protocol.PusherCodes;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channel mapping, close codes, signatures and the {@code pusher} config section. */
class PusherUnitsTest {

    @Test
    void everyPusherChannelNameMapsOneToOneOntoAHeraldChannelOfItsApp() {
        for (String name : new String[] {"news", "private-a,b;c", "presence-x=y", "private-encrypted-v", "cache-p",
                "presence-cache-room", "#server-to-user-42", "a=3Db"}) {
            PusherChannel channel = PusherChannel.parse("app1", name);
            String herald = channel.heraldName();
            assertTrue(herald.startsWith("pusher"), herald);
            assertFalse(herald.contains("#") || herald.contains(",") || herald.contains(";"), herald);
            assertEquals(name, PusherChannel.pusherName(herald));
            assertEquals(channel, PusherChannel.fromHerald(herald));
        }
        assertEquals("pusher-presence-cache:app1/presence-cache-room",
                PusherChannel.parse("app1", "presence-cache-room").heraldName());
        assertEquals("pusher:app1/a=3D3Db", PusherChannel.parse("app1", "a=3Db").heraldName());
        assertEquals(PusherChannel.Kind.ENCRYPTED, PusherChannel.parse("a", "private-encrypted-x").kind());
        assertFalse(PusherChannel.parse("a", "private-encrypted-x").kind().allowsClientEvents());
        assertTrue(PusherChannel.parse("a", "private-cache-x").cached());
        assertNull(PusherChannel.parse("a", "bad name"));
        assertNull(PusherChannel.parse("a", "x".repeat(201)));
        assertNull(PusherChannel.parse("a", ""));
    }

    @Test
    void shutdownAndSlowConsumerClosesLandWherePusherJsReconnects() {
        assertEquals(4200, PusherCodes.of(CloseCode.GOING_AWAY));             // retry at once
        assertEquals(4100, PusherCodes.of(CloseCode.SLOW_CONSUMER));          // back off, then retry
        assertEquals(4200, PusherCodes.of(CloseCode.FORCE_RECONNECT));
        assertEquals(4201, PusherCodes.of(CloseCode.NO_PONG));
        assertEquals(4100, PusherCodes.of(CloseCode.NODE_FULL));
        assertEquals(4009, PusherCodes.of(CloseCode.FORCE_DISCONNECT));       // refused: no reconnect
        assertEquals(4100, PusherCodes.of(CloseCode.TOO_MANY_REQUESTS));
        assertEquals(4004, PusherCodes.of(CloseCode.CONNECTION_LIMIT));
        for (CloseCode code : CloseCode.values()) {
            int pusher = PusherCodes.of(code);
            boolean pusherJsReconnects = pusher < 4000 ? pusher != 1000 : pusher >= 4100 && pusher < 4300;
            if (code.reconnect()) {
                assertTrue(pusherJsReconnects, code + " -> " + pusher + " must make pusher-js reconnect");
            }
        }
    }

    @Test
    void channelAuthIsKeyColonHmacOfSocketIdAndChannel() {
        var app = io.herald.config.PusherApp.of("1", "278d425bdf160c739803", "7ad3773142a6692b25b8");
        // the worked example of Pusher's auth-signatures documentation
        String expected = "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";
        assertTrue(Signatures.channelAuthValid(app, expected, "1234.1234", "private-foobar", null));
        assertFalse(Signatures.channelAuthValid(app, expected, "1234.1235", "private-foobar", null));
        assertFalse(Signatures.channelAuthValid(app, null, "1234.1234", "private-foobar", null));
    }

    @Test
    void appsComeFromTheConfigFileOrTheEnvironmentAndAreChecked() {
        PusherConfig fromFile = ConfigLoader.load(new StringReader("{\"pusher\":{\"apps\":[{\"id\":\"1\",\"key\":\"k1\","
                + "\"secret\":\"secret-1\",\"maxEventBytes\":100,\"recovery\":true,\"webhookUrl\":\"http://hooks\"}]}}"),
                "test", Map.of()).pusher();
        assertEquals(1, fromFile.apps().size());
        assertEquals(100, fromFile.apps().get(0).maxEventBytes());
        assertEquals("http://hooks", fromFile.apps().get(0).webhookUrl());
        assertTrue(fromFile.anyRecovery());

        PusherConfig fromEnv = ConfigLoader.load(Map.of("HERALD_PUSHER_APPS", "1:k1:secret-1, 2:k2:secret-2")).pusher();
        assertEquals(2, fromEnv.apps().size());
        assertEquals("secret-2", fromEnv.byKey("k2").orElseThrow().secret());
        assertEquals("k1", fromEnv.byId("1").orElseThrow().key());

        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("HERALD_PUSHER_APPS", "1:k1")));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("HERALD_PUSHER_APPS", "1:k1:secret-1,1:k2:secret-2")));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("HERALD_PUSHER_APPS", "1:k1:short")));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(new StringReader(
                "{\"pusher\":{\"apps\":[{\"id\":\"1\",\"key\":\"k\",\"secret\":\"secret-1\",\"colour\":\"red\"}]}}"), "t", Map.of()));

        PusherConfig none = ConfigLoader.load(Map.of()).pusher();
        assertTrue(none.apps().isEmpty());
        PusherConfig demo = none.withDemoAppIfNone();
        assertEquals(1, demo.apps().size());
        assertTrue(demo.apps().get(0).secret().length() >= 32);
        assertEquals(demo, demo.withDemoAppIfNone());
        assertFalse(demo.apps().get(0).toString().contains(demo.apps().get(0).secret()));
    }
}
