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
                    if (Character.isSurrogate(c) && !isPairedAt(value, i)) {
                        appendEscape(out, c); // a lone surrogate cannot be encoded to UTF-8
                    } else if (Character.isHighSurrogate(c)) {
                        out.append(c).append(value.charAt(++i));
                    } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
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

    /**
     * Replaces each unpaired surrogate in a JSON text by its {@code \\uXXXX} escape. JSON allows such
     * escapes (and JSON-P decodes them to lone surrogates), but a lone surrogate cannot be encoded to
     * UTF-8: Tyrus throws {@code java.lang.Error} from {@code sendText}. Escaping keeps the value exactly
     * as the client sent it. Unpaired surrogates can only occur inside string literals, where the
     * escape means the same character. Returns {@code json} itself when there is none (the usual case).
     */
    public static String escapeLoneSurrogates(String json) {
        int i = 0;
        int n = json.length();
        while (i < n && (!Character.isSurrogate(json.charAt(i)) || isPairedAt(json, i))) {
            i += Character.isHighSurrogate(json.charAt(i)) ? 2 : 1;
        }
        if (i >= n) {
            return json;
        }
        StringBuilder out = new StringBuilder(n + 16).append(json, 0, i);
        for (; i < n; i++) {
            char c = json.charAt(i);
            if (Character.isSurrogate(c) && !isPairedAt(json, i)) {
                appendEscape(out, c);
            } else if (Character.isHighSurrogate(c)) {
                out.append(c).append(json.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether the char at {@code i} is a high surrogate followed by a low one. */
    private static boolean isPairedAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static void appendEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
