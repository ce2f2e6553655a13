package io.herald.transport.http;

import io.herald.http.ApiResponse;
import io.herald.http.RequestBody;
import io.herald.hub.ErrorCode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP transports' paths, whatever the container: {@code /stream} and {@code /sse} open streams
 * (method check, the {@code connect} carried by the request, admission), {@code /emulation} runs a
 * session's commands. The adapters only present the exchange ({@link StreamExchange}).
 */
final class StreamEndpoint {
    private final HttpTransports transports;

    StreamEndpoint(HttpTransports transports) {
        this.transports = transports;
    }

    /** @param path the path below the application's context path, one {@link StreamPaths#owns} */
    void service(String path, StreamExchange exchange) throws IOException {
        String method = exchange.method();
        if (StreamPaths.EMULATION.equals(path)) {
            emulate(exchange, method);
            return;
        }
        StreamKind kind = StreamPaths.kindAt(path, transports.config());
        if (kind == null) {
            exchange.respond(ApiResponse.error(ErrorCode.NOT_FOUND, "this transport is disabled"), false);
            return;
        }
        boolean post = "POST".equals(method);
        if (!"GET".equals(method) && !(post && kind == StreamKind.HTTP_STREAM)) {
            exchange.respond(ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED,
                    kind == StreamKind.SSE ? "use GET" : "use POST or GET"), false);
            return;
        }
        String connect = post ? null : parameter(exchange.query(), "connect");
        if (post) {
            RequestBody body = exchange.body(transports.maxBodyBytes());
            if (body.tooLarge()) {
                exchange.respond(ApiResponse.error(ErrorCode.MESSAGE_TOO_LARGE, "connect command too large"), false);
                return;
            }
            connect = new String(body.bytes(), StandardCharsets.UTF_8);
        }
        StreamRequest request = new StreamRequest(exchange.header("Origin"), exchange.header("Host"),
                exchange.secure(), transports.clientAddress(exchange.peerAddress(), exchange::header), connect,
                exchange.headers(), exchange.header("Last-Event-ID"));
        ApiResponse refusal = transports.admit(request);
        if (refusal != null) {
            exchange.respond(refusal, true);
            return;
        }
        StreamSink sink = exchange.stream(kind.contentType() + ";charset=utf-8");
        transports.open(kind, request, sink);
        sink.start();
    }

    private void emulate(StreamExchange exchange, String method) throws IOException {
        if (!"POST".equals(method)) {
            exchange.respond(ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED, "use POST"), false);
            return;
        }
        String session = parameter(exchange.query(), "session");
        RequestBody body = exchange.body(transports.maxBodyBytes());
        exchange.respond(transports.emulate(session, StreamHeaders.isBinary(exchange.header("Content-Type")),
                body.bytes(), body.tooLarge()), false);
    }

    /** The first value of a parameter in a raw query string, URL-decoded; null when absent or malformed. */
    static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null; // a broken %-escape
                }
            }
        }
        return null;
    }
}
