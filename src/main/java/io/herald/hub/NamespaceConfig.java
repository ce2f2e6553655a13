package io.herald.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of one channel namespace.
 *
 * @param historySize     publications kept per channel; 0 disables history, offsets and recovery
 * @param historyTtl      how long a publication stays in history
 * @param presence        whether presence is tracked (and may be queried)
 * @param joinLeave       whether subscribers receive join/leave pushes
 * @param publish         who may publish over WebSocket
 * @param recovery        whether resubscribing {@code since} a position returns missed publications
 * @param historyForClients whether clients may call {@code history}
 */
public record NamespaceConfig(int historySize, Duration historyTtl, boolean presence, boolean joinLeave,
                              PublishPolicy publish, boolean recovery, boolean historyForClients) {
    public NamespaceConfig {
        Objects.requireNonNull(historyTtl, "historyTtl");
        Objects.requireNonNull(publish, "publish");
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must be >= 0");
        }
    }

    public boolean hasHistory() {
        return historySize > 0 && !historyTtl.isZero();
    }
}
