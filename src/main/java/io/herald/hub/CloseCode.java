package io.herald.hub;

/**
 * The one registry of WebSocket close codes Herald uses. {@code webapp-client/src/codes.js} holds the
 * same table for the browser; {@code CloseCodeRegistryTest} checks that they agree.
 *
 * <p>Rule of thumb, as in Centrifugo: 4000-4499 ask the client to reconnect, 4500-4999 are terminal.
 * Standard codes are listed with the meaning Herald gives them.
 */
public enum CloseCode {
    NORMAL(1000, "normal", false),
    GOING_AWAY(1001, "going_away", true),
    PROTOCOL_ERROR(1002, "protocol_error", true),
    UNSUPPORTED_DATA(1003, "unsupported_data", false),
    MESSAGE_TOO_BIG(1009, "message_too_big", false),
    INTERNAL_ERROR(1011, "internal_error", true),
    TRY_AGAIN_LATER(1013, "try_again_later", true),
    SLOW_CONSUMER(4001, "slow_consumer", true),
    NO_PONG(4002, "no_pong", true),
    CONNECT_TIMEOUT(4003, "connect_timeout", true),
    TOKEN_EXPIRED(4004, "token_expired", true),
    FORCE_RECONNECT(4005, "force_reconnect", true),
    NODE_FULL(4006, "node_full", true),
    TOO_MANY_REQUESTS(4007, "too_many_requests", true),
    PING_FLOOD(4008, "ping_flood", true),
    BAD_REQUEST(4500, "bad_request", false),
    UNAUTHORIZED(4501, "unauthorized", false),
    FORBIDDEN(4502, "forbidden", false),
    FORCE_DISCONNECT(4503, "force_disconnect", false),
    CONNECTION_LIMIT(4504, "connection_limit", false),
    UNSUPPORTED_VERSION(4505, "unsupported_version", false);

    private final int code;
    private final String wireName;
    private final boolean reconnect;

    CloseCode(int code, String wireName, boolean reconnect) {
        this.code = code;
        this.wireName = wireName;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether a client should reconnect (with backoff) after this close. */
    public boolean reconnect() {
        return reconnect;
    }
}
