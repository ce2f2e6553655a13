package io.herald.pusher.protocol;

import io.herald.hub.CloseCode;

/**
 * Pusher's error and close codes, and which Pusher code each of Herald's close reasons becomes.
 *
 * <p>pusher-js acts on the range: 4000-4099 refused (no reconnect), 4100-4199 back off and reconnect,
 * 4200-4299 reconnect at once, 4300+ refused. So a shutdown lands in 4200 and a slow consumer in 4100:
 * both make pusher-js come back (on another node, or once it reads faster).
 */
public final class PusherCodes {
    public static final int APP_NOT_FOUND = 4001;
    public static final int APP_DISABLED = 4003;
    public static final int OVER_CONNECTION_QUOTA = 4004;
    public static final int INVALID_VERSION = 4006;
    public static final int UNSUPPORTED_PROTOCOL = 4007;
    public static final int NO_PROTOCOL = 4008;
    public static final int UNAUTHORIZED = 4009;
    public static final int OVER_CAPACITY = 4100;
    public static final int RECONNECT = 4200;
    public static final int PONG_NOT_RECEIVED = 4201;
    public static final int INACTIVE = 4202;
    public static final int CLIENT_EVENT_RATE_LIMIT = 4301;
    /** Pusher's "any other error" range; used for malformed messages the connection survives. */
    public static final int GENERIC = 4300;

    private PusherCodes() {
    }

    /** The Pusher close code for a close the hub decided. */
    public static int of(int heraldCode) {
        return switch (heraldCode) {
            case 1000 -> 1000;
            case 1009 -> 1009;
            case 1002, 1003 -> heraldCode;
            case 1001, 1011 -> RECONNECT;                           // going away, internal error
            case 1013 -> OVER_CAPACITY;                             // try again later
            case 4001 -> OVER_CAPACITY;                             // slow consumer: back off, reconnect
            case 4002 -> PONG_NOT_RECEIVED;                         // nothing from the client in time
            case 4003 -> INACTIVE;                                  // never finished connecting
            case 4004, 4005 -> RECONNECT;                           // token expired, force reconnect
            case 4006 -> OVER_CAPACITY;                             // node full
            case 4007 -> OVER_CAPACITY;                             // flooding: back off before coming back
            case 4008 -> OVER_CAPACITY;                             // ping flood: likewise
            case 4504 -> OVER_CONNECTION_QUOTA;                     // connection limit
            case 4505 -> UNSUPPORTED_PROTOCOL;
            default -> UNAUTHORIZED;                                // 4500-4503: bad request, unauthorized, forbidden, terminated
        };
    }

    public static int of(CloseCode code) {
        return of(code.code());
    }
}
