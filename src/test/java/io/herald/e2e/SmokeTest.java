package io.herald.e2e;

import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("integration")
class SmokeTest {
    @Test
    void subscriberReceivesHttpPublication() throws Exception {
        try (HeraldServer server = HeraldServer.start(null);
             WsTestClient client = server.client("ann")) {
            assertEquals("herald.v1", client.negotiatedSubprotocol());
            JsonObject sub = client.result("subscribe", ",\"channel\":\"news\"");
            assertEquals(0, sub.getInt("offset"));
            var response = server.api("POST", "/api/publish", "application/json", "{\"channel\":\"news\",\"data\":{\"t\":1}}");
            assertEquals(200, response.statusCode(), response.body());
            JsonObject pub = client.awaitPush("pub", "news");
            assertEquals(1, pub.getInt("offset"));
            assertEquals(1, pub.getJsonObject("data").getInt("t"));
        }
    }
}
