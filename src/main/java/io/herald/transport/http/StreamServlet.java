package io.herald.transport.http;

import io.herald.http.ApiResponse;
import io.herald.hub.ErrorCode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Servlet adapter of the HTTP transports (Tomcat, GlassFish): {@code /stream} and {@code /sse} become
 * async responses with non-blocking writes ({@link ServletStreamSink}); {@code /emulation} is a short
 * POST. Must be registered with async support, as must every filter in front of it.
 */
public final class StreamServlet extends HttpServlet {
    /** Past this much of a refused body the container may drop the connection (see the API servlet). */
    private static final long MAX_SWALLOW_BYTES = 2L * 1024 * 1024;
    private final transient HttpTransports transports;

    public StreamServlet(HttpTransports transports) {
        this.transports = transports;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        if (StreamPaths.EMULATION.equals(path)) {
            emulate(request, response);
            return;
        }
        StreamKind kind = StreamPaths.kindAt(path, transports.config());
        if (kind == null) {
            write(response, ApiResponse.error(ErrorCode.NOT_FOUND, "this transport is disabled"));
            return;
        }
        boolean post = "POST".equals(request.getMethod());
        if (!"GET".equals(request.getMethod()) && !(post && kind == StreamKind.HTTP_STREAM)) {
            write(response, ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED,
                    kind == StreamKind.SSE ? "use GET" : "use POST or GET"));
            return;
        }
        Body body = post ? read(request) : null;
        if (body != null && body.tooLarge) {
            write(response, ApiResponse.error(ErrorCode.MESSAGE_TOO_LARGE, "connect command too large"));
            return;
        }
        String connect = body != null ? new String(body.bytes, StandardCharsets.UTF_8) : request.getParameter("connect");
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
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the hub's heartbeat and idle timeout bound a stream's life, not the container
        ServletStreamSink sink = new ServletStreamSink(async);
        transports.open(kind, stream, sink);
        sink.start();
    }

    private void emulate(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            write(response, ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED, "use POST"));
            return;
        }
        Body body = read(request);
        boolean binary = StreamHeaders.isBinary(request.getContentType());
        write(response, transports.emulate(request.getParameter("session"), binary, body.bytes, body.tooLarge));
    }

    private record Body(byte[] bytes, boolean tooLarge) {
    }

    private Body read(HttpServletRequest request) throws IOException {
        int limit = transports.maxBodyBytes();
        boolean tooLarge = request.getContentLengthLong() > limit;
        byte[] bytes = new byte[0];
        try (InputStream in = request.getInputStream()) {
            if (!tooLarge) {
                bytes = in.readNBytes(limit + 1);
                tooLarge = bytes.length > limit;
            }
            if (tooLarge) {
                bytes = new byte[0];
                swallow(in);
            }
        }
        return new Body(bytes, tooLarge);
    }

    /** Drops what is left of a refused body, so an HTTP/2 client still gets its 413 (see the API servlet). */
    private static void swallow(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long left = MAX_SWALLOW_BYTES;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private static void write(HttpServletResponse response, ApiResponse api) throws IOException {
        response.setStatus(api.status());
        StreamHeaders.apply(response::setHeader);
        if (api.status() == 204) {
            return;
        }
        byte[] bytes = api.json().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
