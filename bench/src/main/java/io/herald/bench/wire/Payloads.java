package io.herald.bench.wire;

/**
 * The publication payload: a JSON string of exactly {@code size} bytes that carries the intended send
 * time ({@link System#nanoTime()}, CLOCK_MONOTONIC on Linux, so comparable across processes of one
 * machine) after {@link #MARKER}, padded with {@code x}.
 */
public final class Payloads {
    /** Never produced by any server's own framing; followed by 19 decimal digits. */
    public static final String MARKER = "@@";
    static final int DIGITS = 19;
    private static final int OVERHEAD = 2 + MARKER.length() + DIGITS; // quotes + marker + digits

    private Payloads() {
    }

    /** A JSON string literal of {@code size} bytes (at least 23) holding {@code intendedNanos}. */
    public static String json(long intendedNanos, int size) {
        StringBuilder out = new StringBuilder(Math.max(size, OVERHEAD));
        out.append('"').append(MARKER);
        String digits = Long.toString(intendedNanos);
        out.append("0".repeat(Math.max(0, DIGITS - digits.length()))).append(digits);
        while (out.length() < size - 1) {
            out.append('x');
        }
        return out.append('"').toString();
    }

    public static int minimumSize() {
        return OVERHEAD;
    }

    /**
     * Calls {@code sink} with each send time found in {@code buf[from, to)} (UTF-8 bytes of one or more
     * messages) and returns how many were found.
     */
    public static int scan(byte[] buf, int from, int to, TimeSink sink) {
        int found = 0;
        int end = to - DIGITS - 1;
        for (int i = from; i < end; i++) {
            if (buf[i] == '@' && buf[i + 1] == '@') {
                long value = 0;
                int j = i + 2;
                for (int k = 0; k < DIGITS; k++) {
                    value = value * 10 + (buf[j + k] - '0');
                }
                sink.accept(value);
                found++;
                i = j + DIGITS - 1;
            }
        }
        return found;
    }

    @FunctionalInterface
    public interface TimeSink {
        void accept(long intendedNanos);
    }
}
