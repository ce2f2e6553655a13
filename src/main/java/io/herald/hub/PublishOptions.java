package io.herald.hub;

import java.time.Duration;

/**
 * How a publication is stored.
 *
 * @param historySize    publications to keep in the channel's stream; 0 = no stream
 * @param historyTtl     how long they stay
 * @param idempotencyKey non-null to deduplicate: a second publish with the same key within the
 *                       broker's window returns the first one's position and delivers nothing
 */
public record PublishOptions(int historySize, Duration historyTtl, String idempotencyKey) {
    public static PublishOptions of(NamespaceConfig ns, String idempotencyKey) {
        return ns.hasHistory()
                ? new PublishOptions(ns.historySize(), ns.historyTtl(), idempotencyKey)
                : new PublishOptions(0, Duration.ZERO, idempotencyKey);
    }

    public boolean keepsHistory() {
        return historySize > 0 && !historyTtl.isZero();
    }
}
