package io.herald.protocol;

import io.herald.hub.ErrorCode;
import io.herald.hub.Frame;

/** Wraps result bodies and errors into reply frames that echo the command id. */
public final class Replies {
    private Replies() {
    }

    public static Frame result(long id, String resultJson) {
        return new Frame.Text("{\"id\":" + id + ",\"result\":" + resultJson + "}");
    }

    public static Frame empty(long id) {
        return result(id, "{}");
    }

    /** An error reply; without an id (0) it still reaches the client, as a message without {@code id}. */
    public static Frame error(long id, ErrorCode code, String message) {
        return new Frame.Text(errorJson(id, code, message));
    }

    public static String errorJson(long id, ErrorCode code, String message) {
        StringBuilder out = new StringBuilder(96).append('{');
        if (id > 0) {
            out.append("\"id\":").append(id).append(',');
        }
        out.append("\"error\":").append(errorBody(code, message));
        return out.append('}').toString();
    }

    public static String errorBody(ErrorCode code, String message) {
        StringBuilder out = new StringBuilder(64).append("{\"code\":\"").append(code.wireName())
                .append("\",\"message\":");
        JsonText.quote(out, message == null ? code.wireName() : message);
        return out.append('}').toString();
    }
}
