package io.herald.transport.http;

import io.herald.hub.StreamPosition;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SSE event id of Herald's streams: the positions an SSE client holds, so that a reconnecting
 * EventSource's {@code Last-Event-ID} says where to resume (docs/protocol.md, "HTTP transports").
 *
 * <p>Layout: {@code h1} then, per subscribed channel, {@code ;<channel>,<epoch>,<offset>} (offset in
 * decimal; a channel without history has an empty epoch and offset 0), e.g.
 * {@code h1;news,1a2b3c4d,42;chat:room1,,0}. A byte outside the channel-name alphabet is written as
 * {@code %XX}. An id that would be longer than {@link #MAX_CHARS} keeps the first channels that fit and
 * ends in {@code ;+}: the others cannot be resumed.
 */
final class SseEventId {
    static final String PREFIX = "h1";
    /** Longer ids are not written (nor read): they would not fit the request headers of a reconnect. */
    static final int MAX_CHARS = 4096;
    private static final String MORE = ";+";

    /** A decoded id: the positions to resume, and whether some subscriptions did not fit. */
    record Positions(Map<String, StreamPosition> channels, boolean truncated) {
    }

    private SseEventId() {
    }

    static String encode(Map<String, StreamPosition> positions) {
        StringBuilder out = new StringBuilder(PREFIX.length() + positions.size() * 32).append(PREFIX);
        for (Map.Entry<String, StreamPosition> e : positions.entrySet()) {
            int before = out.length();
            out.append(';');
            escape(out, e.getKey());
            out.append(',');
            escape(out, e.getValue().epoch());
            out.append(',').append(e.getValue().offset());
            if (out.length() > MAX_CHARS - MORE.length()) {
                out.setLength(before);
                return out.append(MORE).toString();
            }
        }
        return out.toString();
    }

    /** @return the positions, or null when {@code id} is not an id this class wrote */
    static Positions decode(String id) {
        if (id == null || id.length() > MAX_CHARS || !id.startsWith(PREFIX)) {
            return null;
        }
        Map<String, StreamPosition> channels = new LinkedHashMap<>();
        String rest = id.substring(PREFIX.length());
        if (rest.isEmpty()) {
            return new Positions(channels, false);
        }
        if (rest.charAt(0) != ';') {
            return null;
        }
        String[] segments = rest.substring(1).split(";", -1);
        boolean truncated = false;
        for (int i = 0; i < segments.length; i++) {
            if (i == segments.length - 1 && segments[i].equals("+")) {
                truncated = true;
                break;
            }
            String[] fields = segments[i].split(",", -1);
            if (fields.length != 3) {
                return null;
            }
            String channel = unescape(fields[0]);
            String epoch = unescape(fields[1]);
            long offset = offset(fields[2]);
            if (channel == null || channel.isEmpty() || epoch == null || offset < 0
                    || channels.putIfAbsent(channel, new StreamPosition(offset, epoch)) != null) {
                return null;
            }
        }
        return new Positions(channels, truncated);
    }

    private static long offset(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    /** Whether a character is written as itself: the channel-name alphabet (docs/protocol.md). */
    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == '-' || c == '.' || c == '=' || c == '@' || c == '/' || c == '#' || c == ':';
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (plain(c)) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
                i = end - 1;
            }
        }
    }

    /** @return the text, or null for a character that {@link #escape} would not have written */
    private static String unescape(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (plain(c)) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
