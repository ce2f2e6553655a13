package io.herald.http;

import io.herald.hub.Hub;

/** {@code GET /health}: 200 when the node can serve, 503 with a reason when its broker is unreachable. */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static ApiResponse check(Hub hub) {
        return hub.isReady()
                ? ApiResponse.ok("{\"status\":\"ok\"}")
                : new ApiResponse(503, "{\"status\":\"unavailable\",\"reason\":\"broker unreachable\"}");
    }
}
