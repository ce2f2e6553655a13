package io.herald.hub;

/**
 * Stable error codes of the wire protocol and the HTTP API. The {@link #wireName()} never changes
 * once released; clients switch on it. {@link #httpStatus()} is what the HTTP API answers with.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400),
    NOT_CONNECTED("not_connected", 400),
    ALREADY_CONNECTED("already_connected", 400),
    UNKNOWN_CHANNEL("unknown_channel", 404),
    PERMISSION_DENIED("permission_denied", 403),
    NOT_SUBSCRIBED("not_subscribed", 400),
    ALREADY_SUBSCRIBED("already_subscribed", 400),
    LIMIT_EXCEEDED("limit_exceeded", 429),
    MESSAGE_TOO_LARGE("message_too_large", 413),
    UNAUTHORIZED("unauthorized", 401),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    UNAVAILABLE("unavailable", 503),
    INTERNAL("internal", 500);

    private final String wireName;
    private final int httpStatus;

    ErrorCode(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
