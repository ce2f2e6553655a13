package io.herald.standalone;

/** Test access to the package-private {@link FrameHeaderCheck} from other test packages (the fuzz target). */
public final class FrameHeaderChecks {
    private FrameHeaderChecks() {
    }

    /** Feeds {@code stream} in pieces of {@code piece} bytes; returns the violation's close code or 0. */
    public static int feedInPieces(byte[] stream, int piece, long maxFrameBytes) {
        return feedInPieces(new FrameHeaderCheck(maxFrameBytes), stream, piece);
    }

    /**
     * As {@link #feedInPieces(byte[], int, long)} with a ping limit of {@code pingBurst} pings and a clock
     * that stands still, so ping number {@code pingBurst + 1} is a flood.
     */
    public static int feedInPieces(byte[] stream, int piece, long maxFrameBytes, int pingBurst) {
        return feedInPieces(new FrameHeaderCheck(maxFrameBytes, 1, pingBurst, () -> 0L), stream, piece);
    }

    private static int feedInPieces(FrameHeaderCheck check, byte[] stream, int piece) {
        for (int from = 0; from < stream.length; from += piece) {
            FrameHeaderCheck.Violation v = check.feed(i -> stream[i], from, Math.min(stream.length, from + piece));
            if (v != null) {
                return v.code;
            }
        }
        return 0;
    }
}
