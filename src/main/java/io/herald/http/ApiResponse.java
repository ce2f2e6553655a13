package io.herald.http;

import io.herald.hub.ErrorCode;
import io.herald.protocol.Replies;

/** A container-neutral HTTP response: status and a JSON body. */
public record ApiResponse(int status, String json) {

    public static ApiResponse ok(String json) {
        return new ApiResponse(200, json);
    }

    public static ApiResponse error(ErrorCode code, String message) {
        return new ApiResponse(code.httpStatus(), "{\"error\":" + Replies.errorBody(code, message) + "}");
    }
}
