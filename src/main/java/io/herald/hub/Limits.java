package io.herald.hub;

/**
 * Per-connection and per-node limits. Every limit has a documented error or close code
 * ({@code docs/security.md} lists them all with their defaults, which live in the config's
 * {@code defaults.json} only). Built by name with {@link #builder()} or {@link #toBuilder()}:
 * thirteen ints in a row are too easy to swap, so there is no positional constructor (which is why this
 * is a final class and not a record).
 *
 * <ul>
 *   <li>{@code maxMessageBytes}: largest inbound frame; bigger ones close with 1009</li>
 *   <li>{@code outboundQueueBytes}, {@code outboundQueueMessages}: bytes and frames waiting to be sent to
 *       one client; overflow closes with 4001</li>
 *   <li>{@code maxChannelsPerConnection}: subscriptions per connection ({@code limit_exceeded})</li>
 *   <li>{@code maxChannelNameLength}: longest channel name ({@code bad_request})</li>
 *   <li>{@code maxConnections}: connections per node; more close with 4006 (0 = unlimited)</li>
 *   <li>{@code recoveryMaxPublications}: most publications returned by one recovery</li>
 *   <li>{@code historyMaxLimit}: most publications returned by one history call</li>
 *   <li>{@code maxConnectionsPerUser}: connections of one user on this node; more are refused at connect
 *       with {@code limit_exceeded} and closed with 4504 (0 = unlimited)</li>
 *   <li>{@code maxConnectionsPerIp}: connections from one address on this node; more close with 4504
 *       (0 = unlimited)</li>
 *   <li>{@code commandsPerSecond}: inbound messages per second per connection (token bucket refill;
 *       0 = unlimited); over it a command gets {@code limit_exceeded}</li>
 *   <li>{@code commandBurst}: token bucket size: messages a connection may send at once</li>
 *   <li>{@code rejectedCommandsBeforeClose}: rejected messages within {@value CommandRate#WINDOW_SECONDS} s
 *       after which the connection is closed with 4007</li>
 * </ul>
 */
public final class Limits {
    private final Builder b;

    private Limits(Builder b) {
        this.b = b.copy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change a few of them. */
    public Builder toBuilder() {
        return b.copy();
    }

    public int maxMessageBytes() {
        return b.maxMessageBytes;
    }

    public long outboundQueueBytes() {
        return b.outboundQueueBytes;
    }

    public int outboundQueueMessages() {
        return b.outboundQueueMessages;
    }

    public int maxChannelsPerConnection() {
        return b.maxChannelsPerConnection;
    }

    public int maxChannelNameLength() {
        return b.maxChannelNameLength;
    }

    public int maxConnections() {
        return b.maxConnections;
    }

    public int recoveryMaxPublications() {
        return b.recoveryMaxPublications;
    }

    public int historyMaxLimit() {
        return b.historyMaxLimit;
    }

    public int maxConnectionsPerUser() {
        return b.maxConnectionsPerUser;
    }

    public int maxConnectionsPerIp() {
        return b.maxConnectionsPerIp;
    }

    public int commandsPerSecond() {
        return b.commandsPerSecond;
    }

    public int commandBurst() {
        return b.commandBurst;
    }

    public int rejectedCommandsBeforeClose() {
        return b.rejectedCommandsBeforeClose;
    }

    /** Named construction; unset values are 0 (which means "unlimited" only where the list above says so). */
    public static final class Builder {
        private int maxMessageBytes;
        private long outboundQueueBytes;
        private int outboundQueueMessages;
        private int maxChannelsPerConnection;
        private int maxChannelNameLength;
        private int maxConnections;
        private int recoveryMaxPublications;
        private int historyMaxLimit;
        private int maxConnectionsPerUser;
        private int maxConnectionsPerIp;
        private int commandsPerSecond;
        private int commandBurst;
        private int rejectedCommandsBeforeClose;

        private Builder() {
        }

        private Builder copy() {
            return new Builder().maxMessageBytes(maxMessageBytes).outboundQueueBytes(outboundQueueBytes)
                    .outboundQueueMessages(outboundQueueMessages).maxChannelsPerConnection(maxChannelsPerConnection)
                    .maxChannelNameLength(maxChannelNameLength).maxConnections(maxConnections)
                    .recoveryMaxPublications(recoveryMaxPublications).historyMaxLimit(historyMaxLimit)
                    .maxConnectionsPerUser(maxConnectionsPerUser).maxConnectionsPerIp(maxConnectionsPerIp)
                    .commandsPerSecond(commandsPerSecond).commandBurst(commandBurst)
                    .rejectedCommandsBeforeClose(rejectedCommandsBeforeClose);
        }

        public Limits build() {
            return new Limits(this);
        }

        public Builder maxMessageBytes(int v) {
            maxMessageBytes = v;
            return this;
        }

        public Builder outboundQueueBytes(long v) {
            outboundQueueBytes = v;
            return this;
        }

        public Builder outboundQueueMessages(int v) {
            outboundQueueMessages = v;
            return this;
        }

        public Builder maxChannelsPerConnection(int v) {
            maxChannelsPerConnection = v;
            return this;
        }

        public Builder maxChannelNameLength(int v) {
            maxChannelNameLength = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder recoveryMaxPublications(int v) {
            recoveryMaxPublications = v;
            return this;
        }

        public Builder historyMaxLimit(int v) {
            historyMaxLimit = v;
            return this;
        }

        public Builder maxConnectionsPerUser(int v) {
            maxConnectionsPerUser = v;
            return this;
        }

        public Builder maxConnectionsPerIp(int v) {
            maxConnectionsPerIp = v;
            return this;
        }

        public Builder commandsPerSecond(int v) {
            commandsPerSecond = v;
            return this;
        }

        public Builder commandBurst(int v) {
            commandBurst = v;
            return this;
        }

        public Builder rejectedCommandsBeforeClose(int v) {
            rejectedCommandsBeforeClose = v;
            return this;
        }
    }
}
