package io.herald.transport.http;

import io.herald.hub.Frame;
import io.herald.protocol.BinaryFrames;
import io.herald.protocol.JsonText;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Turns the hub's frames into the protocol messages an HTTP stream carries. Text frames already are
 * messages (one or more, batched with {@code \n}); a binary publication frame, which HTTP streams
 * cannot carry, becomes a {@code pub} message with its bytes in {@code binary} (base64), the shape
 * history and recovery already use.
 */
final class StreamMessages {

    private StreamMessages() {
    }

    static List<String> of(Frame frame) {
        if (frame instanceof Frame.Text text) {
            return List.of(text.text().split("\n"));
        }
        return List.of(binaryPublication(((Frame.Binary) frame).bytes()));
    }

    /** Layout: 0x01 | u8 channel length | channel | u64 offset | payload (see {@link BinaryFrames}). */
    static String binaryPublication(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        if (in.get() != BinaryFrames.PUBLICATION) {
            throw new IllegalArgumentException("not a publication frame");
        }
        int length = in.get() & 0xff;
        String channel = new String(frame, 2, length, StandardCharsets.UTF_8);
        in.position(2 + length);
        long offset = in.getLong();
        StringBuilder out = new StringBuilder(64 + frame.length * 4 / 3);
        out.append("{\"type\":\"pub\",\"channel\":");
        JsonText.quote(out, channel);
        if (offset > 0) {
            out.append(",\"offset\":").append(offset);
        }
        out.append(",\"binary\":\"");
        out.append(Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOfRange(frame, in.position(), frame.length)));
        return out.append("\"}").toString();
    }
}
