package io.herald.websocket;

import io.herald.protocol.BinaryFrames;
import io.herald.protocol.Command;
import jakarta.websocket.Decoder;

import java.nio.ByteBuffer;

/** JSR 356 binary decoder for the binary publish frame; never rejects input (see {@link CommandTextDecoder}). */
public final class CommandBinaryDecoder implements Decoder.Binary<Command> {

    @Override
    public Command decode(ByteBuffer bytes) {
        return BinaryFrames.decode(bytes);
    }

    @Override
    public boolean willDecode(ByteBuffer bytes) {
        return true;
    }
}
