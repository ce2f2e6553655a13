package io.herald.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.hub.ErrorCode;
import io.herald.protocol.Command;
import io.herald.protocol.CommandParser;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target of the text protocol decoder. Contract under test: decoding never throws, never returns
 * null, refuses only with {@code bad_request}, and never yields a command with an id outside
 * 1..2^53-1. In a normal build the seed corpus in {@code src/test/resources/io/herald/fuzz/
 * CommandParserFuzzTestInputs/<method>/} is replayed; {@code JAZZER_FUZZ=1} fuzzes (docs/security.md).
 * The binary decoder is {@link BinaryFrameFuzzTest}: one target per class, so the build can fuzz each in
 * its own JVM, several at once (Jazzer fuzzes one target per JVM).
 */
class CommandParserFuzzTest {
    private static final CommandParser PARSER = new CommandParser();

    @FuzzTest(maxDuration = "5m")
    void parseText(byte[] data) {
        Command command = PARSER.parse(new String(data, StandardCharsets.UTF_8));
        assertNotNull(command);
        check(command);
    }

    /** The contract every decoded command keeps (also {@link BinaryFrameFuzzTest}'s). */
    static void check(Command command) {
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
