package io.herald.hub;

/** The answer to a connect: the client's id, its user and the ping interval in seconds. */
public record ConnectResult(String client, String user, long pingSeconds) {
}
