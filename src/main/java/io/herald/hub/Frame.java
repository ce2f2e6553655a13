package io.herald.hub;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One encoded WebSocket message, built once and shared by every recipient. Immutable.
 */
public sealed interface Frame {

    /** Bytes this frame occupies in an outbound queue. */
    int size();

    /** A text frame holding one or more newline-separated protocol messages. */
    record Text(String text) implements Frame {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public int size() {
            return text.length();
        }
    }

    /** A binary frame; {@link #buffer()} gives each sender its own read-only view. */
    record Binary(byte[] bytes) implements Frame {
        public Binary {
            Objects.requireNonNull(bytes, "bytes");
        }

        public ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }

        @Override
        public int size() {
            return bytes.length;
        }
    }
}
