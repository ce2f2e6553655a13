package io.herald.hub;

/**
 * The result of authenticating a connection.
 *
 * @param user            the user id; empty for anonymous clients
 * @param expiresAtMillis when the credentials expire (epoch millis), or 0 for never
 * @param connInfo        connection info to attach to the client (a JSON value as text), or ""
 */
public record Identity(String user, long expiresAtMillis, String connInfo) {
    public static final Identity ANONYMOUS = new Identity("", 0);

    public Identity {
        user = user == null ? "" : user;
        connInfo = connInfo == null ? "" : connInfo;
    }

    public Identity(String user, long expiresAtMillis) {
        this(user, expiresAtMillis, "");
    }
}
