package io.herald.transport.http;

import io.herald.http.ApiResponse;
import io.herald.hub.ErrorCode;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Grizzly adapter of the HTTP transports (standalone mode), called by the standalone root handler for
 * {@code /stream}, {@code /sse} and {@code /emulation}: streams become suspended responses written in
 * async mode ({@link GrizzlyStreamSink}); emulation is a short POST.
 */
public final class GrizzlyStreamHandler {
    private final HttpTransports transports;

    public GrizzlyStreamHandler(HttpTransports transports) {
        this.transports = transports;
    }

    public void service(String path, Request request, Response response) throws IOException {
        String method = request.getMethod().getMethodString();
        if (StreamPaths.EMULATION.equals(path)) {
            if (!"POST".equals(method)) {
                write(response, ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED, "use POST"));
                return;
            }
            String session = request.getParameter("session");
            Body body = read(request);
            write(response, transports.emulate(session, StreamHeaders.isBinary(request.getContentType()),
                    body.bytes, body.tooLarge));
            return;
        }
        StreamKind kind = StreamPaths.kindAt(path, transports.config());
        if (kind == null) {
            write(response, ApiResponse.error(ErrorCode.NOT_FOUND, "this transport is disabled"));
            return;
        }
        boolean post = "POST".equals(method);
        if (!"GET".equals(method) && !(post && kind == StreamKind.HTTP_STREAM)) {
            write(response, ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED,
                    kind == StreamKind.SSE ? "use GET" : "use POST or GET"));
            return;
        }
        String connect = request.getParameter("connect");
        if (post) {
            Body body = read(request);
            if (body.tooLarge) {
                write(response, ApiResponse.error(ErrorCode.MESSAGE_TOO_LARGE, "connect command too large"));
                return;
            }
            connect = new String(body.bytes, StandardCharsets.UTF_8);
        }
        StreamRequest stream = new StreamRequest(request.getHeader("Origin"), request.getHeader("Host"),
                request.isSecure(), request.getRemoteAddr(), connect);
        ApiResponse refusal = transports.admit(stream);
        if (refusal != null) {
            response.setHeader("Connection", "close"); // a refused client gets no idle connection to hold either
            write(response, refusal);
            return;
        }
        response.setStatus(200);
        response.setContentType(kind.contentType() + ";charset=utf-8");
        StreamHeaders.apply(response::setHeader);
        GrizzlyStreamSink sink = new GrizzlyStreamSink(request, response);
        transports.open(kind, stream, sink);
    }

    private record Body(byte[] bytes, boolean tooLarge) {
    }

    private Body read(Request request) throws IOException {
        int limit = transports.maxBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            return new Body(new byte[0], true); // refused without reading it
        }
        try (InputStream in = request.getInputStream()) {
            // a known length is read exactly: Grizzly's stream blocks at the end of a fixed-length body
            byte[] bytes = in.readNBytes(declared >= 0 ? (int) declared : limit + 1);
            return bytes.length > limit ? new Body(new byte[0], true) : new Body(bytes, false);
        }
    }

    private static void write(Response response, ApiResponse api) throws IOException {
        response.setStatus(api.status());
        StreamHeaders.apply(response::setHeader);
        if (api.status() == 204) {
            response.setContentLength(0);
            return;
        }
        byte[] bytes = api.json().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
