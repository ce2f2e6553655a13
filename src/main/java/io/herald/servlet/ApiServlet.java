package io.herald.servlet;

import io.herald.app.HeraldApp;
import io.herald.http.ApiHandler;
import io.herald.http.ApiRequest;
import io.herald.http.ApiResponse;
import io.herald.http.OpsEndpoints;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Servlet adapter of the HTTP API ({@code /api/*}) and the operations endpoints ({@code /health*}, {@code /metrics}). */
final class ApiServlet extends HttpServlet {
    /** Past this much of a refused body the container may drop the connection; Tomcat swallows 2 MiB. */
    static final long MAX_SWALLOW_BYTES = 2L * 1024 * 1024;
    private final transient ApiHandler api;
    private final transient OpsEndpoints ops;
    private final transient Runnable onDestroy;

    /** @param onDestroy runs when the container takes the servlet out of service (see {@link #destroy()}) */
    ApiServlet(HeraldApp app, Runnable onDestroy) {
        this.api = app.api();
        this.ops = app.ops();
        this.onDestroy = onDestroy;
    }

    /**
     * The application is stopping. Containers take servlets out of service before they notify context
     * listeners, and Tomcat's own WebSocket listener (added by its initializer, so notified before
     * ours) closes every session at once with 1001. Herald's graceful shutdown (1001 spread over the
     * drain window) therefore starts here.
     */
    @Override
    public void destroy() {
        onDestroy.run();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String servletPath = request.getServletPath();
        if (!servletPath.equals("/api")) {
            String path = servletPath + (request.getPathInfo() == null ? "" : request.getPathInfo());
            OpsEndpoints.Response r = ops.handle(request.getMethod(), path);
            write(response, r.status(), r.contentType(), r.body());
            return;
        }
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        write(response, api.handle(toApiRequest(request, path)));
    }

    private ApiRequest toApiRequest(HttpServletRequest request, String path) throws IOException {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String contentType = request.getContentType();
        boolean form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded");
        if (!form) { // reading parameters of a form post would consume its body
            for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
                query.put(e.getKey(), Arrays.asList(e.getValue()));
            }
        }
        int limit = api.maxBodyBytes();
        long declared = request.getContentLengthLong();
        byte[] body = new byte[0];
        boolean tooLarge = declared > limit;
        try (InputStream in = request.getInputStream()) {
            if (!tooLarge) {
                body = in.readNBytes(limit + 1);
                tooLarge = body.length > limit;
            }
            if (tooLarge) {
                body = new byte[0];
                swallow(in);
            }
        }
        return new ApiRequest(request.getMethod(), path, query, request::getHeader, body, tooLarge);
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #MAX_SWALLOW_BYTES}. Over HTTP/2
     * (GlassFish upgrades h2c, which Java's HttpClient asks for) a body that is never read keeps the
     * stream's flow-control window shut, and the client waits forever for its 413.
     */
    private static void swallow(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long left = MAX_SWALLOW_BYTES;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private static void write(HttpServletResponse response, ApiResponse api) throws IOException {
        write(response, api.status(), "application/json", api.json());
    }

    private static void write(HttpServletResponse response, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
