package io.herald.standalone;

import io.herald.app.HeraldApp;
import io.herald.pusher.http.PusherApi;
import io.herald.http.ApiHandler;
import io.herald.http.ApiRequest;
import io.herald.http.ApiResponse;
import io.herald.http.OpsEndpoints;
import io.herald.http.PathGuard;
import io.herald.http.RequestBody;
import io.herald.transport.http.GrizzlyStreamHandler;
import io.herald.transport.http.StreamPaths;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Grizzly adapter: {@code /api/*} to the {@link ApiHandler}, {@code /health*} and {@code /metrics} to the
 * {@link OpsEndpoints}, {@code /stream}, {@code /sse} and {@code /emulation} to the HTTP transports, the
 * rest to pages. The standalone twin of {@code io.herald.servlet.HeraldServlets}:
 * a feature with HTTP endpoints adds its route here too.
 */
final class RootHandler extends HttpHandler {
    private final ApiHandler api;
    private final OpsEndpoints ops;
    private final StaticFiles pages;
    private final PathGuard guard;
    private final GrizzlyStreamHandler streams;
    private final Consumer<Connection<?>> onStream;

    private final PusherApi pusher;

    /** @param onStream told of each connection that starts carrying a long-lived stream response */
    RootHandler(HeraldApp app, StaticFiles pages, Consumer<Connection<?>> onStream) {
        this.streams = app.config().transports().enabled() ? new GrizzlyStreamHandler(app.transports()) : null;
        this.onStream = onStream;
        this.pusher = app.pusherApi();
        this.api = app.api();
        this.ops = app.ops();
        this.pages = pages;
        this.guard = app.pathGuard();
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
                apiRequest = toApiRequest(request, path.substring(4), api.maxBodyBytes());
            } catch (IOException e) {
                // the client ended or broke the body before Content-Length was reached
                write(response, ApiResponse.error(io.herald.hub.ErrorCode.BAD_REQUEST, "request body incomplete"));
                return;
            }
            write(response, api.handle(apiRequest));
        } else if (streams != null && StreamPaths.owns(path)) {
            if (!StreamPaths.EMULATION.equals(path)) {
                onStream.accept(request.getContext().getConnection());
            }
            streams.service(path, request, response);
        } else if (pusher != null && PusherApi.owns(path)) {
            write(response, pusher.handle(toApiRequest(request, path, PusherApi.MAX_BODY_BYTES)));
        } else if (OpsEndpoints.owns(path)) {
            OpsEndpoints.Response r = ops.handle(request.getMethod().getMethodString(), path);
            write(response, r.status(), r.contentType(), r.body());
        } else {
            pages.serve(request, response);
        }
    }

    private ApiRequest toApiRequest(Request request, String apiPath, int limit) throws IOException {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String contentType = request.getContentType();
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            // Grizzly reads a form post's body into the parameters; the body read below would then block
            for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
                query.put(e.getKey(), Arrays.asList(e.getValue()));
            }
        }
        RequestBody body = RequestBody.read(request::getInputStream, request.getContentLengthLong(), limit);
        return new ApiRequest(request.getMethod().getMethodString(), apiPath, query, request::getHeader,
                body.bytes(), body.tooLarge());
    }

    private static void write(Response response, ApiResponse api) throws IOException {
        write(response, api.status(), "application/json", api.json());
    }

    private static void write(Response response, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
