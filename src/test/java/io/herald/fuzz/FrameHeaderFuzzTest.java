package io.herald.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.standalone.FrameHeaderChecks;

/** Fuzz target of the standalone server's WebSocket frame-header check: any byte stream, any split, no exception. */
class FrameHeaderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void feed(byte[] data) {
        FrameHeaderChecks.feedInPieces(data, 1 + (data.length == 0 ? 0 : data[0] & 0x0f), 65_536);
    }
}
