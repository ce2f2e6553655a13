package io.herald.transport.http;

import io.herald.hub.StreamPosition;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSE event id layout, and the positions a stream's messages give it, without a server. */
class SseEventIdTest {

    @Test
    void positionsRoundTripInOrderWithOddEpochsEscaped() {
        Map<String, StreamPosition> positions = new LinkedHashMap<>();
        positions.put("news", new StreamPosition(42, "1a2b3c4d"));
        positions.put("chat:room1", new StreamPosition(0, ""));
        positions.put("odd", new StreamPosition(7, "e;p,o%ch é"));
        String id = SseEventId.encode(positions);
        assertEquals("h1;news,1a2b3c4d,42;chat:room1,,0;odd,e%3bp%2co%25ch%20%c3%a9,7", id);
        SseEventId.Positions back = SseEventId.decode(id);
        assertEquals(positions, back.channels());
        assertFalse(back.truncated());
        assertEquals(Map.of(), SseEventId.decode("h1").channels());
    }

    @Test
    void tooManyChannelsKeepTheFirstThatFitAndSaySo() {
        Map<String, StreamPosition> positions = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            positions.put("channel-number-" + i, new StreamPosition(i, "1a2b3c4d"));
        }
        String id = SseEventId.encode(positions);
        assertTrue(id.length() <= SseEventId.MAX_CHARS, "length " + id.length());
        assertTrue(id.endsWith(";+"), id.substring(id.length() - 20));
        SseEventId.Positions back = SseEventId.decode(id);
        assertTrue(back.truncated());
        assertTrue(back.channels().size() > 100 && back.channels().size() < 400, "kept " + back.channels().size());
        assertEquals(new StreamPosition(0, "1a2b3c4d"), back.channels().get("channel-number-0"));
    }

    @Test
    void anythingElseIsNotAnId() {
        for (String bad : new String[] {"", "0a1b2c3d.AAAA.7", "h2;a,b,1", "h1;a,b", "h1;a,b,-1", "h1;a,b,x",
                "h1;a,b,1;a,b,2", "h1;,e,1", "h1;a b,e,1", "h1;a,%zz,1", "h1;a,e,1234567890123456789", "h1x",
                "h1;" + "a".repeat(SseEventId.MAX_CHARS)}) {
            assertNull(SseEventId.decode(bad), bad);
        }
    }

    @Test
    void positionsFollowRepliesAndInSequencePublicationsOnly() {
        SsePositions p = new SsePositions();
        p.expect(5, "news", true);
        assertFalse(p.observe("{\"type\":\"session\",\"session\":\"x\"}"));
        assertTrue(p.observe("{\"id\":5,\"result\":{\"epoch\":\"e1\",\"offset\":3}}"));
        assertEquals("h1;news,e1,3", p.eventId());
        assertTrue(p.observe("{\"type\":\"pub\",\"channel\":\"news\",\"offset\":4,\"data\":1}"));
        assertFalse(p.observe("{\"type\":\"pub\",\"channel\":\"news\",\"offset\":6,\"data\":1}"), "a gap stays put");
        assertFalse(p.observe("{\"type\":\"pub\",\"channel\":\"other\",\"offset\":1,\"data\":1}"));
        assertEquals("h1;news,e1,4", p.eventId());
        long resume = p.resumeId("chat:a");
        String rewritten = p.rewrite("{\"id\":" + resume + ",\"result\":{\"epoch\":\"e2\",\"offset\":9,\"recovered\":true,\"publications\":[]}}");
        assertEquals("{\"type\":\"resume\",\"channel\":\"chat:a\",\"result\":{\"epoch\":\"e2\",\"offset\":9,\"recovered\":true,\"publications\":[]}}",
                rewritten);
        assertTrue(p.observe(rewritten));
        assertEquals("h1;news,e1,4;chat:a,e2,9", p.eventId());
        p.expect(6, "news", false);
        assertFalse(p.observe("{\"id\":7,\"result\":{}}"), "a reply to another command");
        assertTrue(p.observe("{\"id\":6,\"result\":{}}"));
        assertEquals("h1;chat:a,e2,9", p.eventId());
        p.expect(8, "chat:b", true);
        assertFalse(p.observe("{\"id\":8,\"error\":{\"code\":\"permission_denied\",\"message\":\"no\"}}"));
        assertEquals("{\"id\":3,\"result\":{}}", p.rewrite("{\"id\":3,\"result\":{}}"), "client replies stay as they are");
    }
}
