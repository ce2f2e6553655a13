package io.herald.transport.http;

import io.herald.http.ApiResponse;
import io.herald.http.RequestBody;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One request to the HTTP transports' paths and its response, as a container adapter (servlet, Grizzly)
 * presents it to {@link StreamEndpoint}, which does everything else the same way for both.
 */
interface StreamExchange {

    /** The request method, e.g. {@code GET}. */
    String method();

    /** A request header, or null. */
    String header(String name);

    /** Every request header by name, for the connect proxy (as a WebSocket handshake's headers). */
    Map<String, List<String>> headers();

    /**
     * The raw query string, or null. Parameters are read from it by {@link StreamEndpoint}, never through
     * the container, which would read a form-encoded body into them.
     */
    String query();

    boolean secure();

    /** The peer's IP address as the container reports it. */
    String peerAddress();

    /** Reads the body up to {@code limit} bytes ({@link RequestBody#read}). */
    RequestBody body(int limit) throws IOException;

    /**
     * Answers with a short JSON response (or an empty 204).
     *
     * @param closeConnection also {@code Connection: close} (a refused stream gets no idle connection to hold)
     */
    void respond(ApiResponse response, boolean closeConnection) throws IOException;

    /**
     * Starts the long-lived {@code 200} response with {@code contentType} and the transports' headers
     * ({@link StreamHeaders}), and returns its sink; writing starts with {@link StreamSink#start()}.
     */
    StreamSink stream(String contentType) throws IOException;
}
