package io.herald.protocol;

import io.herald.hub.ErrorCode;
import io.herald.hub.Payload;
import io.herald.hub.StreamPosition;

/**
 * A decoded client message. Decoding never throws: input that is not a valid command becomes
 * {@link Invalid}, carrying the command id when one could be read so the error reply can echo it.
 */
public sealed interface Command {

    /** The client's command id, or 0 when the message has none (pong, undecodable input). */
    long id();

    record Connect(long id, String token, String name, String version) implements Command { }

    /** @param token subscription token for private namespaces, or null */
    record Subscribe(long id, String channel, StreamPosition since, String token) implements Command {
        public Subscribe(long id, String channel, StreamPosition since) {
            this(id, channel, since, null);
        }
    }

    /** A new connection token for the same user, sent before the current one expires. */
    record Refresh(long id, String token) implements Command { }

    record Unsubscribe(long id, String channel) implements Command { }

    record Publish(long id, String channel, Payload data) implements Command { }

    record Presence(long id, String channel) implements Command { }

    record History(long id, String channel, int limit, StreamPosition since) implements Command { }

    record Ping(long id) implements Command { }

    /** A call answered by the application's backend through the rpc proxy; {@code data} may be null. */
    record Rpc(long id, String method, Payload data) implements Command { }

    /** The client's answer to a server ping; needs no reply. */
    record Pong() implements Command {
        @Override
        public long id() {
            return 0;
        }
    }

    record Invalid(long id, ErrorCode code, String message) implements Command { }
}
