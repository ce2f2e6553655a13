package io.herald.config;

import java.time.Duration;

/**
 * The HTTP transports beside {@code /ws} ({@code transports.*}; docs/protocol.md, "HTTP transports").
 *
 * @param httpStream           {@code transports.httpStream}: serve HTTP-streaming at {@code /stream}
 * @param sse                  {@code transports.sse}: serve Server-Sent Events at {@code /sse}
 * @param maxStreamsPerAddress {@code transports.maxStreamsPerAddress}: open streams from one address on
 *                             this node; more are refused with 429 {@code limit_exceeded} (0 = unlimited)
 * @param keepAlive            {@code transports.keepAliveSeconds}: how often each stream gets a keep-alive
 *                             (an SSE comment or an empty line); a closed client is noticed within about two
 */
public record TransportsConfig(boolean httpStream, boolean sse, int maxStreamsPerAddress, Duration keepAlive) {

    /** Whether any HTTP transport is on (the emulation endpoint is served then). */
    public boolean enabled() {
        return httpStream || sse;
    }

    static TransportsConfig from(ConfigNode n) {
        return new TransportsConfig(n.bool("httpStream"), n.bool("sse"),
                n.integer("maxStreamsPerAddress", 0, 1_000_000), n.seconds("keepAliveSeconds", 1, 300));
    }
}
