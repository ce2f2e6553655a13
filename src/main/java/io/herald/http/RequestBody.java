package io.herald.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read up to a limit, the same way by every adapter (API servlet, standalone root,
 * HTTP transports): a declared length above the limit is refused without reading; otherwise the body
 * is read (exactly its declared length when known: Grizzly's stream blocks at the end of a
 * fixed-length body), and one that turns out longer than the limit is refused.
 *
 * @param bytes    the body, empty when refused
 * @param tooLarge whether it was over the limit (answer 413)
 */
public record RequestBody(byte[] bytes, boolean tooLarge) {
    /**
     * What the servlet adapters read and drop of a refused body: over HTTP/2 (GlassFish upgrades h2c,
     * which Java's HttpClient asks for) an unread body keeps the stream's flow-control window shut and the
     * client waits forever for its 413; past this much the container may drop the connection (Tomcat
     * swallows 2 MiB).
     */
    public static final long SERVLET_SWALLOW_BYTES = 2L * 1024 * 1024;
    private static final byte[] NONE = new byte[0];

    /** Opens the body's stream; called at most once, and not at all for a body refused by its declared length. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * @param declared the Content-Length, or -1 when unknown (chunked)
     * @param swallow  how much of a refused body to read and drop: servlet containers over HTTP/2 keep the
     *                 stream's flow-control window shut until the body is read, so the client would never
     *                 see its 413 (0 where the container needs nothing)
     */
    public static RequestBody read(Source source, long declared, int limit, long swallow) throws IOException {
        if (declared > limit && swallow <= 0) {
            return new RequestBody(NONE, true);
        }
        try (InputStream in = source.open()) {
            if (declared <= limit) {
                byte[] bytes = in.readNBytes(declared >= 0 ? (int) declared : limit + 1);
                if (bytes.length <= limit) {
                    return new RequestBody(bytes, false);
                }
            }
            drop(in, swallow);
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
