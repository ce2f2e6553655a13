package io.herald.standalone;

/** Test access to the package-private {@link FrameHeaderCheck} from other test packages (the fuzz target). */
public final class FrameHeaderChecks {
    private FrameHeaderChecks() {
    }

    /** Feeds {@code stream} in pieces of {@code piece} bytes; returns the violation's close code or 0. */
    public static int feedInPieces(byte[] stream, int piece, long maxFrameBytes) {
        FrameHeaderCheck check = new FrameHeaderCheck(maxFrameBytes);
        for (int from = 0; from < stream.length; from += piece) {
            FrameHeaderCheck.Violation v = check.feed(i -> stream[i], from, Math.min(stream.length, from + piece));
            if (v != null) {
                return v.code;
            }
        }
        return 0;
    }
}
