package io.herald.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.standalone.FrameHeaderChecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzz target of the standalone server's WebSocket frame-header check: any byte stream, fed in any
 * split, must give exactly the close code a one-pass reference reading of the whole stream gives
 * (0 when no frame breaks a rule), and never throw.
 */
class FrameHeaderFuzzTest {
    private static final long MAX_FRAME = 65_536;
    private static final int PING_BURST = 3;

    @FuzzTest(maxDuration = "5m")
    void feed(byte[] data) {
        int piece = 1 + (data.length == 0 ? 0 : data[0] & 0x0f);
        assertEquals(expectedCode(data), FrameHeaderChecks.feedInPieces(data, piece, MAX_FRAME, PING_BURST),
                "split into pieces of " + piece);
    }

    /**
     * The reference: frame by frame over the whole array, the first of these decides: unmasked 1002,
     * 64-bit length with the top bit set 1002, declared length over the limit 1009, ping beyond the
     * burst 4008; a stream that ends inside a header or payload has no (further) verdict.
     */
    static int expectedCode(byte[] s) {
        int i = 0;
        int pings = 0;
        while (s.length - i >= 2) {
            int opcode = s[i] & 0x0f;
            boolean masked = (s[i + 1] & 0x80) != 0;
            int len7 = s[i + 1] & 0x7f;
            int extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
            int headerLength = 2 + extended + (masked ? 4 : 0);
            if (s.length - i < headerLength) {
                return 0;
            }
            if (!masked) {
                return 1002;
            }
            long length = len7;
            if (extended > 0) {
                if (extended == 8 && (s[i + 2] & 0x80) != 0) {
                    return 1002;
                }
                length = 0;
                for (int k = 0; k < extended; k++) {
                    length = (length << 8) | (s[i + 2 + k] & 0xffL);
                }
            }
            if (length > MAX_FRAME) {
                return 1009;
            }
            if (opcode == 0x9 && ++pings > PING_BURST) {
                return 4008;
            }
            i += headerLength;
            if (length > s.length - i) {
                return 0;
            }
            i += (int) length;
        }
        return 0;
    }
}
