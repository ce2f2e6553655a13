package io.herald.hub;

/**
 * Per-connection and per-node limits. Every limit has a documented error or close code.
 *
 * @param maxMessageBytes       largest inbound frame; bigger ones close with 1009
 * @param outboundQueueBytes    bytes waiting to be sent to one client; overflow closes with 4001
 * @param outboundQueueMessages frames waiting to be sent to one client; overflow closes with 4001
 * @param maxChannelsPerConnection subscriptions per connection ({@code limit_exceeded})
 * @param maxChannelNameLength  longest channel name ({@code bad_request})
 * @param maxConnections        connections per node; more close with 4006 (0 = unlimited)
 * @param recoveryMaxPublications most publications returned by one recovery
 * @param historyMaxLimit       most publications returned by one history call
 */
public record Limits(int maxMessageBytes, long outboundQueueBytes, int outboundQueueMessages,
                     int maxChannelsPerConnection, int maxChannelNameLength, int maxConnections,
                     int recoveryMaxPublications, int historyMaxLimit) {
    public static Limits defaults() {
        return new Limits(64 * 1024, 1024 * 1024, 16_384, 128, 255, 0, 1000, 1000);
    }
}
