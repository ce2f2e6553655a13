package io.herald.hub;

/**
 * Decides who a connecting client is, and whether it may subscribe to a private channel.
 *
 * <p>Contract: {@link #authenticate} returns an {@link Identity} or throws {@link HubException} with
 * {@link ErrorCode#UNAUTHORIZED} (or {@link ErrorCode#UNAVAILABLE} when keys cannot be fetched); never
 * returns null. The exception may carry the close code the connection ends with (e.g.
 * {@link CloseCode#TOKEN_EXPIRED}); without one the hub closes with {@link CloseCode#UNAUTHORIZED}.
 * Thread-safe and non-blocking except for bounded key fetches. Messages never contain the token.
 */
public interface Authenticator {

    /** @param token the token from the {@code connect} command, or null when none was sent */
    Identity authenticate(String token);

    /**
     * Checks a subscription token for a channel of a private namespace: it must be valid and name the
     * client's user and this channel.
     *
     * @param user  the subscribing client's user ("" when anonymous)
     * @param token the token from the {@code subscribe} command, never null
     * @throws HubException {@code permission_denied} when the token does not grant the channel
     */
    default void authorizeSubscription(String user, String channel, String token) {
        throw new HubException(ErrorCode.PERMISSION_DENIED, "subscription tokens are not configured");
    }

    /** Anonymous access only: any token is refused, no token is anonymous when allowed. */
    static Authenticator anonymous(boolean allowAnonymous) {
        return token -> {
            if (token != null && !token.isEmpty()) {
                throw new HubException(ErrorCode.UNAUTHORIZED, "token authentication is not configured");
            }
            if (!allowAnonymous) {
                throw new HubException(ErrorCode.UNAUTHORIZED, "anonymous connections are not allowed");
            }
            return Identity.ANONYMOUS;
        };
    }
}
