package io.herald.protocol;

import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import io.herald.hub.Payload;
import io.herald.hub.Publication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary frame layouts (all integers big-endian; documented in {@code docs/protocol.md}):
 * <pre>
 * server -> client publication: 0x01 | u8 channel length | channel (UTF-8) | u64 offset | payload
 * client -> server publish:     0x02 | u32 command id    | u8 channel length | channel (UTF-8) | payload
 * </pre>
 * The payload bytes travel unchanged.
 */
public final class BinaryFrames {
    public static final byte PUBLICATION = 0x01;
    public static final byte PUBLISH = 0x02;

    private BinaryFrames() {
    }

    public static byte[] encodePublication(Publication publication) {
        byte[] channel = publication.channel().getBytes(StandardCharsets.UTF_8);
        byte[] data = publication.payload().bytesUnsafe();
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + channel.length + 8 + data.length);
        out.put(PUBLICATION).put((byte) channel.length).put(channel).putLong(publication.offset()).put(data);
        return out.array();
    }

    /** Builds a client publish frame (used by tests and Java clients). */
    public static byte[] encodePublish(long id, String channel, byte[] data) {
        byte[] name = channel.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 1 + name.length + data.length);
        out.put(PUBLISH).putInt((int) id).put((byte) name.length).put(name).put(data);
        return out.array();
    }

    /** Parses a client binary frame into a publish command, or an invalid command with the reason. */
    public static Command decode(ByteBuffer frame) {
        ByteBuffer in = frame.duplicate();
        if (in.remaining() < 1 + 4 + 1) {
            return new Command.Invalid(0, ErrorCode.BAD_REQUEST, "binary frame too short");
        }
        byte type = in.get();
        long id = Integer.toUnsignedLong(in.getInt());
        if (type != PUBLISH) {
            return new Command.Invalid(id, ErrorCode.BAD_REQUEST, "unknown binary frame type " + type);
        }
        if (id == 0) {
            return new Command.Invalid(0, ErrorCode.BAD_REQUEST, "id must be a positive integer");
        }
        int length = in.get() & 0xff;
        if (length == 0 || in.remaining() < length) {
            return new Command.Invalid(id, ErrorCode.BAD_REQUEST, "bad channel length");
        }
        byte[] name = new byte[length];
        in.get(name);
        byte[] data = new byte[in.remaining()];
        in.get(data);
        String channel;
        try {
            channel = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(name)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new Command.Invalid(id, ErrorCode.BAD_REQUEST, "channel is not valid UTF-8");
        }
        return new Command.Publish(id, channel, Payload.binaryOwned(data));
    }

    static void requireShortChannel(String channel) {
        if (channel.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new HubException(ErrorCode.BAD_REQUEST, "channel too long for a binary frame");
        }
    }
}
