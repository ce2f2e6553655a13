package io.herald.transport.http;

import java.util.Locale;
import java.util.function.BiConsumer;

/** Response headers every HTTP transport response carries, whatever the container. */
final class StreamHeaders {

    private StreamHeaders() {
    }

    /**
     * No caching anywhere, and {@code X-Accel-Buffering: no}, which tells nginx not to buffer this
     * response even where {@code proxy_buffering} is on (each frame must reach the client at once).
     */
    static void apply(BiConsumer<String, String> header) {
        header.accept("Cache-Control", "no-cache, no-store");
        header.accept("X-Accel-Buffering", "no");
    }

    /** Whether an emulation body is a binary publish frame rather than JSON commands. */
    static boolean isBinary(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
    }
}
