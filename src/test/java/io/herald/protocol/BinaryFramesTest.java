package io.herald.protocol;

import io.herald.hub.ErrorCode;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class BinaryFramesTest {

    @Test
    void publishFrameRoundTrips() {
        byte[] data = {1, 2, 3, 0, (byte) 0xff};
        Command.Publish p = assertInstanceOf(Command.Publish.class,
                BinaryFrames.decode(ByteBuffer.wrap(BinaryFrames.encodePublish(77, "chat:é", data))));
        assertEquals(77, p.id());
        assertEquals("chat:é", p.channel());
        assertArrayEquals(data, p.data().bytesUnsafe());
    }

    @Test
    void publicationFrameHasTheDocumentedLayout() {
        byte[] data = {9, 8, 7};
        byte[] frame = BinaryFrames.encodePublication(new Publication("ab", 258, Payload.binary(data), null, 0));
        ByteBuffer in = ByteBuffer.wrap(frame);
        assertEquals(0x01, in.get());
        assertEquals(2, in.get());
        assertEquals('a', in.get());
        assertEquals('b', in.get());
        assertEquals(258, in.getLong());
        assertArrayEquals(data, Arrays.copyOfRange(frame, in.position(), frame.length));
    }

    @Test
    void emptyPayloadIsAllowed() {
        Command.Publish p = assertInstanceOf(Command.Publish.class,
                BinaryFrames.decode(ByteBuffer.wrap(BinaryFrames.encodePublish(1, "c", new byte[0]))));
        assertEquals(0, p.data().size());
    }

    @Test
    void garbageIsABadRequest() {
        for (byte[] garbage : new byte[][]{{}, {2}, {2, 0, 0, 0, 1}, {9, 0, 0, 0, 1, 1, 'c'}, {2, 0, 0, 0, 0, 1, 'c'},
                {2, 0, 0, 0, 1, 5, 'c'}, {2, 0, 0, 0, 1, 0}, {2, 0, 0, 0, 1, 2, (byte) 0xc3, (byte) 0x28}}) {
            Command.Invalid c = assertInstanceOf(Command.Invalid.class, BinaryFrames.decode(ByteBuffer.wrap(garbage)),
                    Arrays.toString(garbage));
            assertEquals(ErrorCode.BAD_REQUEST, c.code());
        }
    }
}
