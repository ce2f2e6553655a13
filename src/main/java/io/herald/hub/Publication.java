package io.herald.hub;

import java.util.Objects;

/**
 * One message in a channel's stream.
 *
 * @param channel the full channel name
 * @param offset  position in the stream, starting at 1 and growing by exactly 1; 0 when the namespace
 *                keeps no history (then there is no stream)
 * @param payload the data
 * @param info    the publishing client, or {@code null} when published through the server API
 * @param timeMillis when the broker accepted it
 */
public record Publication(String channel, long offset, Payload payload, ClientInfo info, long timeMillis) {
    public Publication {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }

    public Publication withOffset(long newOffset) {
        return new Publication(channel, newOffset, payload, info, timeMillis);
    }
}
