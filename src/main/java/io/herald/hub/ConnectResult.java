package io.herald.hub;

/**
 * The answer to a connect: the client's id, its user, the ping interval in seconds and when the
 * connection's token expires (epoch millis, 0 = never; the client must {@code refresh} before).
 */
public record ConnectResult(String client, String user, long pingSeconds, long expiresAtMillis) {
    public ConnectResult(String client, String user, long pingSeconds) {
        this(client, user, pingSeconds, 0);
    }
}
