package io.herald.hub.redis;

import io.herald.hub.ClientInfo;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedisWireTest {

    /** What publish.lua stores: the offset and store time in ASCII, then the node's body unchanged. */
    private static byte[] entry(long offset, byte[] body) {
        byte[] head = (offset + " 1700000000000 ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    @Test
    void jsonPublicationWithUnicodeInfoRoundTrips() {
        ClientInfo info = new ClientInfo("c1", "zoë", "Zoë 🙂");
        byte[] body = RedisWire.body(Payload.json("{\"t\":\"ü\"}"), info, 42);
        Publication p = RedisWire.entry("ch", entry(7, body), 0);
        assertEquals(new Publication("ch", 7, Payload.json("{\"t\":\"ü\"}"), info, 42), p);
    }

    @Test
    void binaryPayloadWithSpacesAndNoInfoRoundTrips() {
        byte[] data = {' ', ' ', 0, (byte) 0xff};
        Publication p = RedisWire.entry("ch", entry(1, RedisWire.body(Payload.binary(data), null, 5)), 0);
        assertEquals(Payload.binary(data), p.payload());
        assertNull(p.info());
    }

    @Test
    void pubsubMessageIsTheEntryAfterItsTypeByte() {
        byte[] e = entry(3, RedisWire.body(Payload.json("1"), null, 5));
        byte[] message = new byte[e.length + 1];
        message[0] = RedisWire.PUBLICATION;
        System.arraycopy(e, 0, message, 1, e.length);
        assertEquals(3, RedisWire.entry("ch", message, 1).offset());
    }

    @Test
    void joinEventCarriesTheClientInfo() {
        ClientInfo info = new ClientInfo("c9", "", "Ann");
        byte[] event = RedisWire.event(RedisWire.JOIN, info);
        assertEquals(RedisWire.JOIN, event[0]);
        assertEquals(info, RedisWire.readInfo(event, 1));
    }

    @Test
    void connectionInfoRoundTripsInPublicationsPresenceAndJoins() {
        ClientInfo info = new ClientInfo("c9", "ann", "Ann", "{\"plan\":\"pro\"}");
        byte[] body = RedisWire.body(Payload.json("{\"t\":1}"), info, 42);
        assertEquals(new Publication("ch", 7, Payload.json("{\"t\":1}"), info, 42), RedisWire.entry("ch", entry(7, body), 0));
        assertEquals(info, RedisWire.readInfo(RedisWire.info(info), 0));
        assertEquals(info, RedisWire.readInfo(RedisWire.event(RedisWire.JOIN, info), 1));
        ClientInfo plain = new ClientInfo("c1", "bob", "");
        assertEquals(plain, RedisWire.readInfo(RedisWire.info(plain), 0), "without connInfo: the old three strings");
    }

    @Test
    void corruptEntriesAreRejectedNotMisread() {
        assertThrows(IllegalArgumentException.class, () -> RedisWire.entry("ch", "12".getBytes(StandardCharsets.US_ASCII), 0));
        byte[] badLength = entry(1, new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0, 0, 0});
        assertThrows(IllegalArgumentException.class, () -> RedisWire.entry("ch", badLength, 0));
    }
}
