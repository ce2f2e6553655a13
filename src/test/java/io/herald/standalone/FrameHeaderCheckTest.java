package io.herald.standalone;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FrameHeaderCheckTest {

    private static byte[] masked(int opcode, int length) {
        ByteBuffer out = ByteBuffer.allocate(14 + length).put((byte) (0x80 | opcode));
        if (length < 126) {
            out.put((byte) (0x80 | length));
        } else if (length < 65536) {
            out.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            out.put((byte) (0x80 | 127)).putLong(length);
        }
        out.put(new byte[4]).put(new byte[length]);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static FrameHeaderCheck.Violation feedInPieces(FrameHeaderCheck check, byte[] stream, int piece) {
        for (int from = 0; from < stream.length; from += piece) {
            FrameHeaderCheck.Violation v = check.feed(i -> stream[i], from, Math.min(stream.length, from + piece));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Test
    void wellFormedFramesOfEveryLengthFormPassInAnySplit() {
        ByteBuffer stream = ByteBuffer.allocate(300_000);
        for (int length : new int[]{0, 1, 125, 126, 65535, 65536, 100_000}) {
            stream.put(masked(0x2, length));
        }
        byte[] bytes = new byte[stream.position()];
        stream.flip().get(bytes);
        for (int piece : new int[]{1, 3, 7, 1000, bytes.length}) {
            assertNull(feedInPieces(new FrameHeaderCheck(100_000), bytes, piece), "piece " + piece);
        }
    }

    @Test
    void unmaskedFrameIsAViolation() {
        byte[] frame = {(byte) 0x81, 0x02, 'h', 'i'};
        assertEquals(FrameHeaderCheck.Violation.UNMASKED, feedInPieces(new FrameHeaderCheck(1000), frame, 1));
    }

    @Test
    void lengthWithTopBitSetIsAViolation() {
        byte[] frame = ByteBuffer.allocate(14).put((byte) 0x82).put((byte) 0xff).putLong(Long.MIN_VALUE + 5).array();
        assertEquals(FrameHeaderCheck.Violation.LENGTH_MSB, feedInPieces(new FrameHeaderCheck(1000), frame, 2));
    }

    @Test
    void frameAboveTheLimitIsRefusedFromItsHeaderAlone() {
        byte[] header = ByteBuffer.allocate(14).put((byte) 0x82).put((byte) 0xff).putLong(1001).array();
        assertEquals(FrameHeaderCheck.Violation.TOO_BIG, feedInPieces(new FrameHeaderCheck(1000), header, 14));
        assertNull(feedInPieces(new FrameHeaderCheck(1000), masked(0x2, 1000), 5));
    }

    @Test
    void pingsBeyondTheBurstAreAFloodUntilTheBucketRefills() {
        long[] now = {0};
        FrameHeaderCheck check = new FrameHeaderCheck(65_536, 10, 3, () -> now[0]);
        byte[] ping = masked(0x9, 4);
        for (int i = 0; i < 3; i++) {
            assertNull(feedInPieces(check, ping, 7), "ping " + i + " is within the burst");
        }
        assertEquals(FrameHeaderCheck.Violation.PING_FLOOD, feedInPieces(check, ping, 7));
        assertEquals(4008, FrameHeaderCheck.Violation.PING_FLOOD.code);
        FrameHeaderCheck later = new FrameHeaderCheck(65_536, 10, 1, () -> now[0]);
        assertNull(feedInPieces(later, ping, 100));
        now[0] += 100_000_000; // 0.1 s: one token back at 10/s
        assertNull(feedInPieces(later, ping, 100));
        assertEquals(FrameHeaderCheck.Violation.PING_FLOOD, feedInPieces(later, ping, 100));
    }

    @Test
    void textFramesAndPongsAreNeverCountedAsPings() {
        FrameHeaderCheck check = new FrameHeaderCheck(65_536, 1, 1, () -> 0L);
        for (int i = 0; i < 50; i++) {
            assertNull(feedInPieces(check, masked(0x1, 10), 3));
            assertNull(feedInPieces(check, masked(0xA, 10), 3));
        }
    }
}
