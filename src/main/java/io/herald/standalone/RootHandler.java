package io.herald.standalone;

import io.herald.http.ApiHandler;
import io.herald.http.ApiRequest;
import io.herald.http.ApiResponse;
import io.herald.http.HealthCheck;
import io.herald.http.PathGuard;
import io.herald.hub.Hub;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Grizzly adapter: {@code /api/*} to the {@link ApiHandler}, {@code /health} to the probe, the rest to pages. */
final class RootHandler extends HttpHandler {
    private final Hub hub;
    private final ApiHandler api;
    private final StaticFiles pages;
    private final PathGuard guard;

    RootHandler(Hub hub, StaticFiles pages, PathGuard guard) {
        this.hub = hub;
        this.api = new ApiHandler(hub);
        this.pages = pages;
        this.guard = guard;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        PathGuard.Refusal refusal = guard.check(path, request.getHeader("Authorization"));
        if (refusal != null) {
            response.setHeader("WWW-Authenticate", refusal.wwwAuthenticate());
            write(response, new ApiResponse(refusal.status(), refusal.json()));
            return;
        }
        if (path.startsWith("/api/")) {
            ApiRequest apiRequest;
            try {
                apiRequest = toApiRequest(request, path.substring(4));
            } catch (IOException e) {
                // the client ended or broke the body before Content-Length was reached
                write(response, ApiResponse.error(io.herald.hub.ErrorCode.BAD_REQUEST, "request body incomplete"));
                return;
            }
            write(response, api.handle(apiRequest));
        } else if (path.equals("/health") || path.startsWith("/health/")) {
            write(response, HealthCheck.check(hub));
        } else {
            pages.serve(request, response);
        }
    }

    private ApiRequest toApiRequest(Request request, String apiPath) throws IOException {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String contentType = request.getContentType();
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            // Grizzly reads a form post's body into the parameters; the body read below would then block
            for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
                query.put(e.getKey(), Arrays.asList(e.getValue()));
            }
        }
        int limit = api.maxBodyBytes();
        byte[] body;
        boolean tooLarge;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            body = new byte[0];
            tooLarge = true; // refused without reading it
        } else {
            try (InputStream in = request.getInputStream()) {
                // a known length is read exactly: Grizzly's stream blocks at the end of a fixed-length body
                body = in.readNBytes(declared >= 0 ? (int) declared : limit + 1);
                tooLarge = body.length > limit;
            }
        }
        return new ApiRequest(request.getMethod().getMethodString(), apiPath, query, request::getHeader, body, tooLarge);
    }

    private static void write(Response response, ApiResponse api) throws IOException {
        byte[] bytes = api.json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(api.status());
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
