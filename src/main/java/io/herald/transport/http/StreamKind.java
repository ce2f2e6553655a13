package io.herald.transport.http;

/**
 * How protocol messages are laid out on an HTTP stream (docs/protocol.md, "HTTP transports").
 * Either way one protocol v1 JSON message never contains a raw newline, so framing is unambiguous.
 */
enum StreamKind {
    /** {@code application/x-ndjson}: each message is one line ending in {@code \n}. */
    HTTP_STREAM("http_stream", "application/x-ndjson"),
    /**
     * {@code text/event-stream}: each message is one event with one {@code data:} line, and an {@code id:}
     * line ({@link SseEventId}) when it changed the client's positions.
     */
    SSE("sse", "text/event-stream");

    private final String wireName;
    private final String contentType;

    StreamKind(String wireName, String contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    String wireName() {
        return wireName;
    }

    String contentType() {
        return contentType;
    }

    /**
     * Appends one message.
     *
     * @param eventId the SSE event id, or null for none (the client keeps the last one); ignored for HTTP-streaming
     */
    void append(StringBuilder out, String message, String eventId) {
        if (this == SSE) {
            if (eventId != null) {
                out.append("id: ").append(eventId).append('\n');
            }
            out.append("data: ").append(message).append("\n\n");
        } else {
            out.append(message).append('\n');
        }
    }

    /**
     * What the stream starts with, before any message: SSE's retry hint and a comment, so that
     * EventSource and proxies see bytes at once; nothing for HTTP-streaming (the first message follows).
     */
    String preamble() {
        return this == SSE ? "retry: 2000\n: herald\n\n" : "";
    }

    /** A keep-alive that carries no message: an SSE comment, or an empty line (clients skip both). */
    String keepAlive() {
        return this == SSE ? ":\n\n" : "\n";
    }
}
