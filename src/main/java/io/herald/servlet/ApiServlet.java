package io.herald.servlet;

import io.herald.app.HeraldApp;
import io.herald.http.ApiHandler;
import io.herald.http.ApiRequest;
import io.herald.http.ApiResponse;
import io.herald.http.OpsEndpoints;
import io.herald.http.RequestBody;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Servlet adapter of the HTTP API ({@code /api/*}) and the operations endpoints ({@code /health*}, {@code /metrics}). */
final class ApiServlet extends HttpServlet {
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
        ApiRequest apiRequest;
        try {
            apiRequest = toApiRequest(request, path);
        } catch (IOException e) {
            // the client ended the body before Content-Length, or the container's read timed out
            write(response, ApiResponse.error(io.herald.hub.ErrorCode.BAD_REQUEST, "request body incomplete"));
            return;
        }
        write(response, api.handle(apiRequest));
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
        RequestBody body = RequestBody.read(request::getInputStream, request.getContentLengthLong(),
                api.maxBodyBytes());
        return new ApiRequest(request.getMethod(), path, query, request::getHeader, body.bytes(), body.tooLarge());
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
