package io.herald.hub;

/**
 * Decides who a connecting client is.
 *
 * <p>Contract: returns an {@link Identity} or throws {@link HubException} with
 * {@link ErrorCode#UNAUTHORIZED}; never returns null. Thread-safe and non-blocking except for bounded
 * key fetches.
 */
public interface Authenticator {

    /** @param token the token from the {@code connect} command, or null when none was sent */
    Identity authenticate(String token);

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
