package io.herald.protocol;

import io.herald.hub.ClientInfo;
import io.herald.hub.CloseCode;
import io.herald.hub.ErrorCode;
import io.herald.hub.Frame;
import io.herald.hub.HistoryStore;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import io.herald.hub.StreamPosition;
import io.herald.hub.SubscribeResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every hand-built frame must be valid JSON that JSON-P reads back to the same values. */
class FrameEncodingTest {
    private static final String NASTY = "q\"uote \\ back\nnew\ttab \u0001 \u2028 é 😀 </script>";
    private final JsonFrameEncoder encoder = new JsonFrameEncoder();

    private static JsonObject parse(Frame frame) {
        return Json.createReader(new StringReader(((Frame.Text) frame).text())).readObject();
    }

    @Test
    void quotedStringsRoundTripThroughJsonP() {
        String quoted = JsonText.quote(NASTY);
        assertEquals(NASTY, Json.createReader(new StringReader("[" + quoted + "]")).readArray().getString(0));
        assertFalse(quoted.contains("\u2028"), "line separators are escaped for JavaScript embedding");
    }

    @Test
    void publicationPushCarriesChannelOffsetDataAndInfo() {
        JsonObject pub = parse(encoder.publication(new Publication(NASTY, 42, Payload.json("{\"a\":1}"),
                new ClientInfo("c9", "u1", NASTY), 0)));
        assertEquals("pub", pub.getString("type"));
        assertEquals(NASTY, pub.getString("channel"));
        assertEquals(42, pub.getInt("offset"));
        assertEquals(1, pub.getJsonObject("data").getInt("a"));
        assertEquals(NASTY, pub.getJsonObject("info").getString("name"));
        assertEquals("u1", pub.getJsonObject("info").getString("user"));
    }

    @Test
    void publicationWithoutHistoryOmitsOffset() {
        JsonObject pub = parse(encoder.publication(new Publication("c", 0, Payload.json("1"), null, 0)));
        assertFalse(pub.containsKey("offset"));
        assertFalse(pub.containsKey("info"));
    }

    @Test
    void joinLeaveDisconnectAndPing() {
        ClientInfo info = new ClientInfo("c1", "", "Ann");
        assertEquals("join", parse(encoder.join("chat:r", info)).getString("type"));
        assertEquals("Ann", parse(encoder.leave("chat:r", info)).getJsonObject("info").getString("name"));
        JsonObject d = parse(encoder.disconnect(CloseCode.SLOW_CONSUMER, NASTY));
        assertEquals(4001, d.getInt("code"));
        assertEquals(NASTY, d.getString("reason"));
        assertEquals(true, d.getBoolean("reconnect"));
        assertEquals("ping", parse(encoder.ping()).getString("type"));
    }

    @Test
    void resultsAreValidJson() {
        SubscribeResult recovered = new SubscribeResult(new StreamPosition(3, "ep"), true, List.of(
                new Publication("c", 2, Payload.json("[1]"), null, 0),
                new Publication("c", 3, Payload.binary(new byte[]{1, 2}), null, 0)));
        JsonObject r = parse(Replies.result(7, ResultJson.subscribe(recovered)));
        assertEquals(7, r.getInt("id"));
        JsonObject result = r.getJsonObject("result");
        assertEquals("ep", result.getString("epoch"));
        assertEquals(true, result.getBoolean("recovered"));
        assertEquals(2, result.getJsonArray("publications").size());
        assertEquals(Base64.getEncoder().encodeToString(new byte[]{1, 2}),
                result.getJsonArray("publications").getJsonObject(1).getString("binary"));
        JsonObject plain = parse(Replies.result(8, ResultJson.subscribe(new SubscribeResult(StreamPosition.NONE, null, List.of()))));
        assertFalse(plain.getJsonObject("result").containsKey("recovered"));
        JsonObject presence = Json.createReader(new StringReader(ResultJson.presence(Map.of("c1", new ClientInfo("c1", "u", NASTY))))).readObject();
        assertEquals(NASTY, presence.getJsonObject("clients").getJsonObject("c1").getString("name"));
        JsonObject history = Json.createReader(new StringReader(ResultJson.history(new HistoryStore.Page(
                new StreamPosition(1, "e"), List.of(new Publication("c", 1, Payload.json("true"), null, 0)), 1)))).readObject();
        assertEquals(true, history.getJsonArray("publications").getJsonObject(0).getBoolean("data"));
    }

    @Test
    void errorsCarryStableCodes() {
        JsonObject e = parse(Replies.error(3, ErrorCode.PERMISSION_DENIED, NASTY));
        assertEquals(3, e.getInt("id"));
        assertEquals("permission_denied", e.getJsonObject("error").getString("code"));
        assertEquals(NASTY, e.getJsonObject("error").getString("message"));
        assertFalse(parse(Replies.error(0, ErrorCode.BAD_REQUEST, "x")).containsKey("id"));
    }
}
