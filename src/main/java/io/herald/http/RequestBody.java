package io.herald.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read up to a limit, the same way by every adapter (API servlet, standalone root,
 * HTTP transports): a declared length above the limit is refused, its first {@link #SWALLOW_BYTES} read and
 * dropped; otherwise the body is read (exactly its declared length when known: Grizzly's stream blocks at
 * the end of a fixed-length body), and one that turns out longer than the limit is refused.
 *
 * @param bytes    the body, empty when refused
 * @param tooLarge whether it was over the limit (answer 413)
 */
public record RequestBody(byte[] bytes, boolean tooLarge) {
    /**
     * What every adapter reads and drops of a refused body before it answers 413. Two reasons: over HTTP/2
     * (GlassFish upgrades h2c, which Java's HttpClient asks for) an unread body keeps the stream's
     * flow-control window shut and the client waits forever for its 413; and over HTTP/1.1 the server
     * closes after a 413 (Grizzly and Tomcat both send {@code Connection: close}), and a socket closed with
     * unread bytes is reset by the kernel, which can destroy the 413 before the client reads it (seen on
     * standalone: 1 in 15 posts of 2 MiB got no response at all). Past this much the connection may be
     * dropped: a client sending more than this to a refused request has stopped listening anyway.
     */
    static final long SWALLOW_BYTES = 4L * 1024 * 1024;
    private static final byte[] NONE = new byte[0];

    /** Opens the body's stream; called once. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * @param declared the Content-Length, or -1 when unknown (chunked)
     */
    public static RequestBody read(Source source, long declared, int limit) throws IOException {
        try (InputStream in = source.open()) {
            if (declared <= limit) {
                byte[] bytes = in.readNBytes(declared >= 0 ? (int) declared : limit + 1);
                if (bytes.length <= limit) {
                    return new RequestBody(bytes, false);
                }
            }
            // never past a declared end: Grizzly's stream blocks there instead of returning -1
            drop(in, declared >= 0 ? Math.min(SWALLOW_BYTES, declared) : SWALLOW_BYTES);
            return new RequestBody(NONE, true);
        }
    }

    private static void drop(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[8192];
        long left = max;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }
}
