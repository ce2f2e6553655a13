package io.herald.transport.http;

import io.herald.http.ApiResponse;
import io.herald.hub.ErrorCode;

/**
 * Delivers an emulation request whose session is not on this node to the node that holds it. In a
 * cluster the request travels over the broker, so any node can take any client's {@code POST} and no
 * sticky sessions are needed. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Forwarder {

    /** A single node: an unknown session is simply unknown. */
    Forwarder NONE = (session, binary, body) ->
            ApiResponse.error(ErrorCode.NOT_FOUND, "no such session (the stream ended, or never existed)");

    /**
     * @return the response to answer the client with: 204 when the owning node took the commands,
     *         404 {@code not_found} when no node holds the session
     */
    ApiResponse forward(String session, boolean binary, byte[] body);
}
