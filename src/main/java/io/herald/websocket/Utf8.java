package io.herald.websocket;

/** UTF-8 length checks without encoding the string. */
final class Utf8 {
    private Utf8() {
    }

    /** Whether {@code text} needs more than {@code limit} bytes in UTF-8. */
    static boolean exceeds(String text, int limit) {
        int chars = text.length();
        if (chars > limit) {
            return true;
        }
        if ((long) chars * 3 <= limit) {
            return false; // even all-BMP worst case fits
        }
        long bytes = 0;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
            if (bytes > limit) {
                return true;
            }
        }
        return false;
    }
}
