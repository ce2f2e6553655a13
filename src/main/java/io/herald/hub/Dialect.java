package io.herald.hub;

/**
 * A client protocol spoken beside Herald's own on the same hub (for example the Pusher Channels protocol):
 * how pushes to one connection are encoded, and which of them it gets.
 *
 * <p>Contract: {@link #encoder()} returns the same stateless encoder for every connection of one protocol;
 * the hub encodes each publication, join and leave once per encoder and shares the frame among those
 * connections, as it does for its own. An encoder of a dialect may return {@code null} from
 * {@code join}/{@code leave} to send nothing. The {@code wants} filters run on delivery threads for each
 * recipient (a join/leave filter only when the encoder made a frame): they must be cheap, must not block and must not throw.
 */
public interface Dialect {

    /** The protocol's shared encoder. */
    FrameEncoder encoder();

    /** Whether this connection gets a publication (e.g. not its own client event). */
    default boolean wants(Publication publication) {
        return true;
    }

    /** Whether this connection gets a join of {@code member} (the presence info it subscribed with). */
    default boolean wantsJoin(String channel, ClientInfo member) {
        return true;
    }

    /** Whether this connection gets a leave of {@code member}. */
    default boolean wantsLeave(String channel, ClientInfo member) {
        return true;
    }
}
