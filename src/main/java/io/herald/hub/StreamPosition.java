package io.herald.hub;

import java.util.Objects;

/**
 * A position in a channel's stream: the offset of the last publication and the epoch of the stream.
 * The epoch changes whenever the stream's history is lost, so an offset is meaningful only with it.
 */
public record StreamPosition(long offset, String epoch) {
    public static final StreamPosition NONE = new StreamPosition(0, "");

    public StreamPosition {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0");
        }
    }
}
