package io.herald.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.protocol.BinaryFrames;
import io.herald.protocol.Command;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target of the binary frame decoder: the contract of {@link CommandParserFuzzTest#check} (never
 * throws, never null, refuses only with {@code bad_request}, ids within 1..2^53-1), and a published
 * channel name is at most 255 characters. Seeds in {@code src/test/resources/io/herald/fuzz/
 * BinaryFrameFuzzTestInputs/decodeBinary/} replay in every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class BinaryFrameFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void decodeBinary(byte[] data) {
        Command command = BinaryFrames.decode(ByteBuffer.wrap(data));
        assertNotNull(command);
        CommandParserFuzzTest.check(command);
        if (command instanceof Command.Publish p) {
            assertTrue(p.channel().length() <= 255);
        }
    }
}
