package io.herald.hub;

/**
 * Per-connection and per-node limits. Every limit has a documented error or close code
 * ({@code docs/security.md} lists them all with their defaults).
 *
 * @param maxMessageBytes       largest inbound frame; bigger ones close with 1009
 * @param outboundQueueBytes    bytes waiting to be sent to one client; overflow closes with 4001
 * @param outboundQueueMessages frames waiting to be sent to one client; overflow closes with 4001
 * @param maxChannelsPerConnection subscriptions per connection ({@code limit_exceeded})
 * @param maxChannelNameLength  longest channel name ({@code bad_request})
 * @param maxConnections        connections per node; more close with 4006 (0 = unlimited)
 * @param recoveryMaxPublications most publications returned by one recovery
 * @param historyMaxLimit       most publications returned by one history call
 * @param maxConnectionsPerUser connections of one user on this node; more are refused at connect with
 *                              {@code limit_exceeded} and closed with 4504 (0 = unlimited)
 * @param maxConnectionsPerIp   connections from one address on this node; more close with 4504 (0 = unlimited)
 * @param commandsPerSecond     inbound messages per second per connection (token bucket refill; 0 = unlimited);
 *                              over it a command gets {@code limit_exceeded}
 * @param commandBurst          token bucket size: messages a connection may send at once
 * @param rejectedCommandsBeforeClose rejected messages within {@value CommandRate#WINDOW_SECONDS} s after which
 *                              the connection is closed with 4007
 */
public record Limits(int maxMessageBytes, long outboundQueueBytes, int outboundQueueMessages,
                     int maxChannelsPerConnection, int maxChannelNameLength, int maxConnections,
                     int recoveryMaxPublications, int historyMaxLimit,
                     int maxConnectionsPerUser, int maxConnectionsPerIp,
                     int commandsPerSecond, int commandBurst, int rejectedCommandsBeforeClose) {

    /** The limits before abuse limits existed; those take their defaults. */
    public Limits(int maxMessageBytes, long outboundQueueBytes, int outboundQueueMessages,
                  int maxChannelsPerConnection, int maxChannelNameLength, int maxConnections,
                  int recoveryMaxPublications, int historyMaxLimit) {
        this(maxMessageBytes, outboundQueueBytes, outboundQueueMessages, maxChannelsPerConnection,
                maxChannelNameLength, maxConnections, recoveryMaxPublications, historyMaxLimit, 100, 0, 50, 100, 100);
    }

    public static Limits defaults() {
        return new Limits(64 * 1024, 1024 * 1024, 16_384, 128, 255, 0, 1000, 1000);
    }
}
