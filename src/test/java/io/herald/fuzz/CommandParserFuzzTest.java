package io.herald.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.hub.ErrorCode;
import io.herald.protocol.BinaryFrames;
import io.herald.protocol.Command;
import io.herald.protocol.CommandParser;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz targets of the protocol decoders. Contract under test: decoding never throws, never returns
 * null, refuses only with {@code bad_request}, and never yields a command with an id outside
 * 1..2^53-1. In a normal build the seed corpus in {@code src/test/resources/io/herald/fuzz/
 * CommandParserFuzzTestInputs/<method>/} is replayed; {@code JAZZER_FUZZ=1} fuzzes (docs/security.md).
 */
class CommandParserFuzzTest {
    private static final CommandParser PARSER = new CommandParser();

    @FuzzTest(maxDuration = "5m")
    void parseText(byte[] data) {
        Command command = PARSER.parse(new String(data, StandardCharsets.UTF_8));
        assertNotNull(command);
        check(command);
    }

    @FuzzTest(maxDuration = "5m")
    void decodeBinary(byte[] data) {
        Command command = BinaryFrames.decode(ByteBuffer.wrap(data));
        assertNotNull(command);
        check(command);
        if (command instanceof Command.Publish p) {
            assertTrue(p.channel().length() <= 255);
        }
    }

    private static void check(Command command) {
        if (command instanceof Command.Invalid invalid) {
            assertEquals(ErrorCode.BAD_REQUEST, invalid.code());
            assertNotNull(invalid.message());
        }
        assertTrue(command.id() >= 0 && command.id() <= 9_007_199_254_740_991L, "id " + command.id());
        if (command instanceof Command.Connect c && c.name() != null) {
            assertTrue(c.name().length() <= CommandParser.MAX_NAME_CHARS);
        }
    }
}
