package io.herald.hub;

/** Who may publish into a namespace's channels over WebSocket. The HTTP API may always publish. */
public enum PublishPolicy {
    /** Only clients subscribed to the channel. */
    SUBSCRIBERS,
    /** Any connected client. */
    CLIENTS,
    /** Nobody over WebSocket: backends publish through the HTTP API. */
    SERVER
}
