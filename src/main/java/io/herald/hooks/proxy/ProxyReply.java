package io.herald.hooks.proxy;

import jakarta.json.JsonObject;

/**
 * What the backend answered to one proxy call.
 *
 * @param outcome what kind of answer it was
 * @param result  the {@code result} object when {@link Outcome#OK}, else null
 * @param message the backend's refusal message, or why the call failed
 */
public record ProxyReply(Outcome outcome, JsonObject result, String message) {

    public enum Outcome {
        /** {@code {"result": {...}}} with HTTP 2xx. */
        OK,
        /** {@code {"error": {"message": ...}}}, or HTTP 401/403: the backend said no. */
        REFUSED,
        /** Timeout, connection failure, 5xx or any other status, an answer too big or not the documented JSON. */
        UNAVAILABLE
    }

    static ProxyReply unavailable(String why) {
        return new ProxyReply(Outcome.UNAVAILABLE, null, why);
    }
}
