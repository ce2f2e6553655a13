package io.herald.http;

import io.herald.hub.ErrorCode;
import io.herald.hub.Hub;
import io.herald.metrics.HeraldMetrics;

/**
 * Container-neutral operations endpoints, served without an API key at the application root:
 * {@code GET /health/live} (the process answers), {@code GET /health/ready} and {@code GET /health}
 * (the broker is reachable: 200, else 503), {@code GET /metrics} (Prometheus text; 404 when
 * {@code metrics.enabled} is false).
 */
public final class OpsEndpoints {
    private final Hub hub;
    private final HeraldMetrics metrics;

    public OpsEndpoints(Hub hub, HeraldMetrics metrics) {
        this.hub = hub;
        this.metrics = metrics;
    }

    /** Whether {@code path} (below the context path) is one of these endpoints' paths. */
    public static boolean owns(String path) {
        return path.equals("/metrics") || path.equals("/health") || path.startsWith("/health/");
    }

    /** @param path below the context path, e.g. {@code /health/ready} */
    public Response handle(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return json(ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED, "use GET"));
        }
        return switch (path) {
            case "/health/live" -> json(ApiResponse.ok("{\"status\":\"ok\"}"));
            case "/health", "/health/ready" -> json(HealthCheck.check(hub));
            case "/metrics" -> metrics.enabled()
                    ? new Response(200, HeraldMetrics.CONTENT_TYPE, metrics.scrape())
                    : json(ApiResponse.error(ErrorCode.NOT_FOUND, "metrics are disabled (metrics.enabled)"));
            default -> json(ApiResponse.error(ErrorCode.NOT_FOUND, "no endpoint " + path));
        };
    }

    private static Response json(ApiResponse api) {
        return new Response(api.status(), "application/json", api.json());
    }

    /** A status, a content type and a body. */
    public record Response(int status, String contentType, String body) {
    }
}
