package io.herald.websocket;

import io.herald.protocol.Command;
import io.herald.protocol.CommandParser;
import jakarta.websocket.Decoder;

/**
 * JSR 356 text decoder for protocol v1 commands (JSON-P). Accepts every message: input that is not a
 * valid command decodes to {@link Command.Invalid} so the endpoint can answer with an error reply
 * instead of the container closing the connection. Thread-safe (one is shared by all connections).
 */
public final class CommandTextDecoder implements Decoder.Text<Command> {
    private final CommandParser parser = new CommandParser();

    @Override
    public Command decode(String s) {
        return parser.parse(s);
    }

    @Override
    public boolean willDecode(String s) {
        return true;
    }
}
