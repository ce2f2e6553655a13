package io.herald.hub;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;

/**
 * One encoded WebSocket message, built once and shared by every recipient. Immutable.
 */
public sealed interface Frame {

    /** Bytes this frame occupies in an outbound queue. */
    int size();

    /**
     * A text frame holding one or more newline-separated protocol messages. Besides the text it can keep
     * one transport encoding of itself (e.g. the finished WebSocket frame bytes), made by the first
     * recipient's transport and reused by every other recipient: a fan-out encodes once on the wire too.
     */
    final class Text implements Frame {
        private final String text;
        private volatile byte[] encoded;
        private volatile int utf8Length = -1; // computed once: every recipient's queue asks

        public Text(String text) {
            this.text = Objects.requireNonNull(text, "text");
        }

        public String text() {
            return text;
        }

        /**
         * This frame's bytes as {@code encoder} makes them, computed once. Every caller of one frame must pass an
         * equivalent encoder (one transport kind per node); a race may run it twice, with equal results.
         */
        public byte[] encoded(Function<String, byte[]> encoder) {
            byte[] bytes = encoded;
            if (bytes == null) {
                bytes = encoder.apply(text);
                encoded = bytes;
            }
            return bytes;
        }

        /**
         * The UTF-8 length of the text: what it costs on the wire and in the queue bound (a character count would
         * let text outside ASCII, Chinese say, fill two or three times the documented bound).
         */
        @Override
        public int size() {
            int n = utf8Length;
            if (n < 0) {
                n = utf8Length(text);
                utf8Length = n;
            }
            return n;
        }

        static int utf8Length(String s) {
            int n = s.length();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    // two bytes below U+0800; three for the rest of the BMP; a surrogate pair is four, two per half
                    n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
                }
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text other && other.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return "Text[" + text + "]";
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
