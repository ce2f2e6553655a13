package io.herald.hub.redis;

import io.herald.hub.ClientInfo;
import io.herald.hub.Payload;
import io.herald.hub.Publication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes Herald nodes exchange through Redis. A publication's <em>body</em> is built by the
 * publishing node; the Lua script prefixes it with the offset and its store time as ASCII
 * ({@code "<offset> <storedAtMs> <body>"}, one history entry) without looking inside.
 *
 * <pre>
 * body          = u8 flags (1 = binary payload, 2 = has info, 4 = info has connInfo) | i64 publish time ms
 *                 | [info] | payload bytes
 * info          = 3 or 4 x (i32 length | UTF-8): client, user, name[, connInfo] (the fourth only when not
 *                 empty: entries written before it existed still read, and an info on its own ends there)
 * pub/sub msg   = 'P' entry | 'J' info | 'L' info
 * </pre>
 */
final class RedisWire {
    static final byte PUBLICATION = 'P';
    static final byte JOIN = 'J';
    static final byte LEAVE = 'L';
    private static final int BINARY = 1;
    private static final int HAS_INFO = 2;
    private static final int HAS_CONN_INFO = 4;

    private RedisWire() {
    }

    static byte[] body(Payload payload, ClientInfo info, long timeMillis) {
        byte[] data = payload.isBinary() ? payload.bytesUnsafe() : payload.json().getBytes(StandardCharsets.UTF_8);
        byte[][] strings = info == null ? new byte[0][] : infoStrings(info);
        int size = 1 + 8 + data.length;
        for (byte[] s : strings) {
            size += 4 + s.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) ((payload.isBinary() ? BINARY : 0) | (info == null ? 0 : HAS_INFO)
                | (strings.length == 4 ? HAS_CONN_INFO : 0)));
        out.putLong(timeMillis);
        for (byte[] s : strings) {
            out.putInt(s.length).put(s);
        }
        return out.put(data).array();
    }

    /** A join or leave event. */
    static byte[] event(byte type, ClientInfo info) {
        byte[] encoded = info(info);
        byte[] out = new byte[1 + encoded.length];
        out[0] = type;
        System.arraycopy(encoded, 0, out, 1, encoded.length);
        return out;
    }

    static byte[] info(ClientInfo info) {
        byte[][] strings = infoStrings(info);
        int size = 0;
        for (byte[] s : strings) {
            size += 4 + s.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (byte[] s : strings) {
            out.putInt(s.length).put(s);
        }
        return out.array();
    }

    static ClientInfo readInfo(byte[] bytes, int from) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        ClientInfo info = readInfo(in, false);
        return in.hasRemaining() ? new ClientInfo(info.client(), info.user(), info.name(), string(in)) : info;
    }

    /** Decodes a history entry, or a pub/sub publication message from {@code from} = 1. */
    static Publication entry(String channel, byte[] bytes, int from) {
        int space1 = indexOf(bytes, (byte) ' ', from);
        int space2 = indexOf(bytes, (byte) ' ', space1 + 1);
        long offset = Long.parseLong(new String(bytes, from, space1 - from, StandardCharsets.US_ASCII));
        ByteBuffer in = ByteBuffer.wrap(bytes, space2 + 1, bytes.length - space2 - 1);
        int flags = in.get();
        long time = in.getLong();
        ClientInfo info = (flags & HAS_INFO) != 0 ? readInfo(in, (flags & HAS_CONN_INFO) != 0) : null;
        byte[] data = Arrays.copyOfRange(bytes, in.position(), bytes.length);
        Payload payload = (flags & BINARY) != 0 ? Payload.binaryOwned(data)
                : Payload.json(new String(data, StandardCharsets.UTF_8));
        return new Publication(channel, offset, payload, info, time);
    }

    private static ClientInfo readInfo(ByteBuffer in, boolean withConnInfo) {
        return new ClientInfo(string(in), string(in), string(in), withConnInfo ? string(in) : "");
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("corrupt string length " + length);
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static byte[][] infoStrings(ClientInfo info) {
        byte[] client = info.client().getBytes(StandardCharsets.UTF_8);
        byte[] user = info.user().getBytes(StandardCharsets.UTF_8);
        byte[] name = info.name().getBytes(StandardCharsets.UTF_8);
        return info.connInfo().isEmpty() ? new byte[][] {client, user, name}
                : new byte[][] {client, user, name, info.connInfo().getBytes(StandardCharsets.UTF_8)};
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("corrupt history entry: no separator");
    }
}
