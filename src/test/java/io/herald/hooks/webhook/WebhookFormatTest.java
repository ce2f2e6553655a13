package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;
import io.herald.hooks.HookType;
import io.herald.hub.ClientInfo;
import io.herald.hub.Payload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookFormatTest {
    private static final ClientInfo ALICE = new ClientInfo("c1", "alice", "Alice \"A\"");

    private static WebhookTarget target(String format, List<String> secrets) {
        return new WebhookTarget("t", URI.create("http://127.0.0.1:1/"), format, secrets, "key",
                EnumSet.allOf(HookType.class), Set.of("chat"), 10, Duration.ZERO, Duration.ofSeconds(1), 3,
                Duration.ofMillis(10), Duration.ofMillis(100), 10);
    }

    private static JsonObject parse(byte[] body) {
        return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    @Test
    void heraldBodiesAreJsonWithEveryFieldOfTheirEvent() {
        byte[] body = new HeraldWebhookFormat().body(List.of(HookEvent.disconnect(ALICE, 4501, "bad \u2603 token"),
                HookEvent.publish("chat:room", ALICE, Payload.json("{\"n\":[1,2]}")),
                HookEvent.publish("chat:room", ALICE, Payload.binary(new byte[] {1, 2})),
                HookEvent.ofMember(HookType.MEMBER_ADDED, "chat:room", "alice")), 1234, "node-1");
        JsonObject json = parse(body);
        assertEquals("node-1", json.getString("node"));
        assertEquals(1234, json.getInt("time"));
        JsonObject disconnect = json.getJsonArray("events").getJsonObject(0);
        assertEquals("disconnect", disconnect.getString("type"));
        assertEquals(4501, disconnect.getInt("code"));
        assertEquals("bad \u2603 token", disconnect.getString("reason"));
        assertEquals("Alice \"A\"", disconnect.getString("name"));
        assertFalse(disconnect.containsKey("channel"));
        assertEquals(2, json.getJsonArray("events").getJsonObject(1).getJsonObject("data").getJsonArray("n").size());
        assertEquals("AQI=", json.getJsonArray("events").getJsonObject(2).getString("dataBase64"));
        JsonObject member = json.getJsonArray("events").getJsonObject(3);
        assertEquals("alice", member.getString("user"));
        assertFalse(member.containsKey("client"));
    }

    @Test
    void heraldSignsWithEverySecretSoEitherVerifiesDuringARotation() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String header = new HeraldWebhookFormat().headers(body,
                target("herald", List.of("first-secret-0123456789", "second-secret-0123456789")))
                .get(HeraldWebhookFormat.SIGNATURE_HEADER);
        assertEquals("sha256=" + Hmac.sha256Hex("first-secret-0123456789", body) + ",sha256="
                + Hmac.sha256Hex("second-secret-0123456789", body), header);
    }

    @Test
    void hmacMatchesAKnownVector() {
        // RFC 4231 test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Hmac.sha256Hex("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void pusherKnowsOnlyChannelPresenceAndClientEvents() {
        PusherWebhookFormat pusher = new PusherWebhookFormat();
        assertFalse(pusher.supports(HookType.CONNECT));
        assertFalse(pusher.supports(HookType.SUBSCRIBE));
        assertTrue(pusher.supports(HookType.MEMBER_REMOVED));
        JsonObject json = parse(pusher.body(List.of(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "chat:room")), 99, "n"));
        assertEquals(99, json.getInt("time_ms"));
        assertEquals("{\"name\":\"channel_occupied\",\"channel\":\"chat:room\"}",
                json.getJsonArray("events").getJsonObject(0).toString());
    }

    @Test
    void targetsFilterChannelEventsByNamespaceButNotConnectionEvents() {
        WebhookTarget t = target("herald", List.of("first-secret-0123456789"));
        assertTrue(t.wants(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "chat:room")));
        assertFalse(t.wants(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "news")));
        assertTrue(t.wants(HookEvent.ofClient(HookType.CONNECT, "", ALICE)));
    }
}
