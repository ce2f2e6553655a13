package io.herald.hooks;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Validity;
import io.herald.security.Tokens;
import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Herald's webhooks in Pusher's format, checked by Pusher's own Java server SDK. */
@Tag("integration")
class PusherWebhookTest {
    private static final String KEY = "herald-app-key";
    private static final String SECRET = "herald-app-secret-0123456789";

    private final WebhookBackend backend = new WebhookBackend("unused-herald-secret-000");
    private HeraldServer server;

    PusherWebhookTest() throws Exception {
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void pushersSdkAcceptsTheSignatureAndReadsEveryEventItKnows() throws Exception {
        server = HeraldServer.start("{\"allowAnonymous\":true,\"statsChannel\":\"\",\"auth\":{\"hmacSecret\":\""
                + Tokens.SECRET + "\"},\"hooks\":{\"webhooks\":[{\"name\":\"pusher\",\"format\":\"pusher\",\"url\":\""
                + backend.url("/pusher") + "\",\"key\":\"" + KEY + "\",\"secrets\":[\"" + SECRET + "\"],"
                + "\"events\":[\"channel_occupied\",\"channel_vacated\",\"member_added\",\"member_removed\",\"publish\"]}]}}");
        WsTestClient alice = WsTestClient.open(server.wsUri());
        alice.result("connect", ",\"token\":\"" + Tokens.hs256(Tokens.claims("alice", 600).build()) + "\"");
        alice.result("subscribe", ",\"channel\":\"chat:room\"");
        alice.result("publish", ",\"channel\":\"chat:room\",\"data\":{\"text\":\"hi\"}");
        alice.result("unsubscribe", ",\"channel\":\"chat:room\"");
        List<JsonObject> events = backend.awaitEvents("/pusher",
                e -> WebhookBackend.count(e, "channel_vacated") == 1, Duration.ofSeconds(10), "channel_vacated");

        assertEquals(List.of("channel_occupied", "member_added", "client_event", "member_removed", "channel_vacated"),
                events.stream().map(e -> e.getString("name")).toList());
        assertEquals("alice", events.get(1).getString("user_id"));
        JsonObject clientEvent = events.get(2);
        assertEquals("chat:room", clientEvent.getString("channel"));
        assertEquals("client-publish", clientEvent.getString("event"));
        assertEquals("{\"text\":\"hi\"}", clientEvent.getString("data"), "Pusher's data is a JSON string");
        assertFalse(clientEvent.getString("socket_id").isEmpty());
        assertEquals("alice", events.get(3).getString("user_id"));

        Pusher sdk = new Pusher("1", KEY, SECRET);
        Pusher wrongSecret = new Pusher("1", KEY, "another-secret-0123456789");
        for (WebhookBackend.Received r : backend.received()) {
            assertTrue(r.json().getJsonNumber("time_ms").longValue() > 0);
            assertEquals(Validity.VALID, sdk.validateWebhookSignature(r.header("X-Pusher-Key"),
                    r.header("X-Pusher-Signature"), r.body()));
            assertEquals(Validity.INVALID, wrongSecret.validateWebhookSignature(r.header("X-Pusher-Key"),
                    r.header("X-Pusher-Signature"), r.body()));
        }
        alice.close();
    }
}
