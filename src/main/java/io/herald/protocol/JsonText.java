package io.herald.protocol;

/**
 * Appends JSON string literals. The protocol's envelopes are built by hand around payloads that are
 * already JSON text, which JSON-P's generator cannot embed without re-parsing them.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a quoted, escaped JSON string. */
    public static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                        if (c >= 0x100) { // U+2028/2029: redo with all four digits
                            out.setLength(out.length() - 6);
                            out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                    .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    public static String quote(String value) {
        return quote(new StringBuilder(value.length() + 2), value).toString();
    }
}
