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
 * @param privateChannels whether subscribing needs a subscription token naming the user and the channel;
 *                        in a private namespace every client command on a channel also needs the subscription
 * @param presenceFor     which clients may query presence
 * @param historyFor      which clients may query history
 */
public record NamespaceConfig(int historySize, Duration historyTtl, boolean presence, boolean joinLeave,
                              PublishPolicy publish, boolean recovery, boolean historyForClients,
                              boolean privateChannels, ClientAccess presenceFor, ClientAccess historyFor) {
    public NamespaceConfig {
        Objects.requireNonNull(historyTtl, "historyTtl");
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(presenceFor, "presenceFor");
        Objects.requireNonNull(historyFor, "historyFor");
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must be >= 0");
        }
    }

    /** A public namespace whose presence and history only subscribers may read. */
    public NamespaceConfig(int historySize, Duration historyTtl, boolean presence, boolean joinLeave,
                           PublishPolicy publish, boolean recovery, boolean historyForClients) {
        this(historySize, historyTtl, presence, joinLeave, publish, recovery, historyForClients, false,
                ClientAccess.SUBSCRIBERS, ClientAccess.SUBSCRIBERS);
    }

    public boolean hasHistory() {
        return historySize > 0 && !historyTtl.isZero();
    }
}
