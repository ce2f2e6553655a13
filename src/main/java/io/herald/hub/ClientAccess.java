package io.herald.hub;

/** Which clients may read a namespace's presence or history over WebSocket. The HTTP API always may. */
public enum ClientAccess {
    /** Only clients subscribed to the channel. */
    SUBSCRIBERS,
    /** Any connected client (that may see the channel: user-limited channels stay their user's). */
    CLIENTS
}
