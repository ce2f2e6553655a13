package io.herald.standalone;

import io.herald.hub.CloseCode;
import io.herald.hub.TokenBucket;

import java.util.function.LongSupplier;

/**
 * Follows the client-to-server WebSocket byte stream frame by frame, reading only frame headers and
 * skipping payloads, and reports the violations Tyrus 2.x lets through (checked with raw-socket tests):
 * an unmasked client frame (RFC 6455 5.1: the server MUST close), a 64-bit length with the most
 * significant bit set (5.2; CVE-2020-13935 in Tomcat), and a declared frame length above the message
 * limit (Tyrus would wait to buffer it instead of refusing it at once). It also counts ping frames:
 * Tyrus answers pings itself, below the hub, so they would bypass the command rate limit; more than
 * {@code limits.pingBurst} at once or {@code limits.pingsPerSecond} on average close with 4008.
 *
 * <p>One instance per connection, fed in arrival order; not thread-safe (Grizzly delivers one
 * connection's reads in order).
 */
final class FrameHeaderCheck {
    /** A violation and the close code that answers it. */
    enum Violation {
        UNMASKED(1002, "client frames must be masked"),
        LENGTH_MSB(1002, "invalid 64-bit payload length"),
        TOO_BIG(1009, "frame larger than the message limit"),
        PING_FLOOD(CloseCode.PING_FLOOD.code(), "too many pings");

        final int code;
        final String reason;

        Violation(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    private final long maxFrameBytes;
    private final TokenBucket pings; // null = pings not limited
    private final LongSupplier clock;
    private final byte[] header = new byte[14];
    private int headerRead;
    private long payloadLeft;
    private Violation violation;

    /** A check without a ping limit. */
    FrameHeaderCheck(long maxFrameBytes) {
        this(maxFrameBytes, 0, 1, System::nanoTime);
    }

    /**
     * @param pingsPerSecond ping frames per second allowed on average (0 = unlimited)
     * @param pingBurst      ping frames allowed at once
     * @param clock          nanoTime source (a test passes its own)
     */
    FrameHeaderCheck(long maxFrameBytes, int pingsPerSecond, int pingBurst, LongSupplier clock) {
        this.maxFrameBytes = maxFrameBytes;
        this.clock = clock;
        this.pings = pingsPerSecond > 0 ? new TokenBucket(pingsPerSecond, Math.max(1, pingBurst), clock.getAsLong()) : null;
    }

    /** Feeds {@code length} bytes read with {@code at}; returns the first violation, or null. */
    Violation feed(ByteSource bytes, int from, int to) {
        int i = from;
        while (i < to && violation == null) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, to - i);
                payloadLeft -= skip;
                i += (int) skip;
                continue;
            }
            header[headerRead++] = bytes.at(i++);
            int needed = headerLength();
            if (needed > 0 && headerRead == needed) {
                violation = check();
                headerRead = 0;
            }
        }
        return violation;
    }

    /** The full header length once known from the first two bytes, else 0. */
    private int headerLength() {
        if (headerRead < 2) {
            return 0;
        }
        int len7 = header[1] & 0x7f;
        int mask = (header[1] & 0x80) != 0 ? 4 : 0;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + mask;
    }

    private Violation check() {
        if ((header[1] & 0x80) == 0) {
            return Violation.UNMASKED;
        }
        int len7 = header[1] & 0x7f;
        long length;
        if (len7 == 126) {
            length = ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
        } else if (len7 == 127) {
            if ((header[2] & 0x80) != 0) {
                return Violation.LENGTH_MSB;
            }
            length = 0;
            for (int k = 2; k < 10; k++) {
                length = (length << 8) | (header[k] & 0xffL);
            }
        } else {
            length = len7;
        }
        if (length > maxFrameBytes) {
            return Violation.TOO_BIG;
        }
        if ((header[0] & 0x0f) == 0x9 && pings != null && !pings.tryTake(clock.getAsLong())) {
            return Violation.PING_FLOOD;
        }
        payloadLeft = length;
        return null;
    }

    /** Random access to the bytes of a read (a Grizzly buffer in production, an array in tests). */
    @FunctionalInterface
    interface ByteSource {
        byte at(int index);
    }
}
