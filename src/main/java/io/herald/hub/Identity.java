package io.herald.hub;

/**
 * The result of authenticating a connection.
 *
 * @param user         the user id; empty for anonymous clients
 * @param expiresAtMillis when the credentials expire (epoch millis), or 0 for never
 */
public record Identity(String user, long expiresAtMillis) {
    public static final Identity ANONYMOUS = new Identity("", 0);

    public Identity {
        user = user == null ? "" : user;
    }
}
