package io.herald.transport.http;

import io.herald.config.TransportsConfig;

/** The HTTP transports' paths, below the application's context path, beside {@code /ws}. */
public final class StreamPaths {
    /** HTTP-streaming: {@code POST} with the {@code connect} command as body (or {@code GET ?connect=}). */
    public static final String STREAM = "/stream";
    /** Server-Sent Events: {@code GET ?connect=<connect command JSON>}. */
    public static final String SSE = "/sse";
    /** Client-to-server commands of a stream: {@code POST ?session=<session id>}. */
    public static final String EMULATION = "/emulation";

    private StreamPaths() {
    }

    /** Whether a path (below the context path) is one of the HTTP transports'. */
    public static boolean owns(String path) {
        return STREAM.equals(path) || SSE.equals(path) || EMULATION.equals(path);
    }

    /** The stream kind served at a path, or null (the emulation endpoint, or a disabled transport). */
    static StreamKind kindAt(String path, TransportsConfig config) {
        if (STREAM.equals(path) && config.httpStream()) {
            return StreamKind.HTTP_STREAM;
        }
        if (SSE.equals(path) && config.sse()) {
            return StreamKind.SSE;
        }
        return null;
    }
}
