package io.herald.servlet;

import io.herald.http.ApiRequest;
import io.herald.http.ApiResponse;
import io.herald.http.RequestBody;
import io.herald.pusher.http.PusherApi;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Servlet adapter of the Pusher HTTP API in a container, mapped to {@code /apps/*}. Requests are signed
 * over the path below the context path ({@code /apps/{id}/...}), which is what the Pusher SDKs sign when the
 * WAR is the root application.
 */
public final class PusherServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient PusherApi api;

    public PusherServlet(PusherApi api) {
        this.api = api;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
            query.put(e.getKey(), Arrays.asList(e.getValue()));
        }
        RequestBody body = RequestBody.read(request::getInputStream, request.getContentLengthLong(),
                PusherApi.MAX_BODY_BYTES);
        ApiResponse r = api.handle(new ApiRequest(request.getMethod(), path, query, request::getHeader, body.bytes(), body.tooLarge()));
        byte[] bytes = r.json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(r.status());
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
