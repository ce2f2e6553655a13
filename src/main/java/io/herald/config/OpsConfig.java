package io.herald.config;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;

/**
 * Operations settings, read from the merged config tree (keys in defaults.json).
 *
 * @param metricsEnabled {@code metrics.enabled}: serve {@code /metrics} and record metrics
 * @param shutdownDrain  {@code shutdownDrainSeconds}: on shutdown or undeploy, clients are closed with
 *                       1001 spread over this window (0 = all at once)
 */
public record OpsConfig(boolean metricsEnabled, Duration shutdownDrain) {
    private static final int MAX_DRAIN_SECONDS = 300;

    public static OpsConfig of(HeraldConfig config) {
        JsonObject tree = config.tree();
        JsonValue enabled = tree.getJsonObject("metrics").get("enabled");
        if (enabled != JsonValue.TRUE && enabled != JsonValue.FALSE) {
            throw new ConfigException("config key 'metrics.enabled' must be true or false");
        }
        JsonValue drain = tree.get("shutdownDrainSeconds");
        if (!(drain instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0 || n.longValue() > MAX_DRAIN_SECONDS) {
            throw new ConfigException("config key 'shutdownDrainSeconds' must be an integer between 0 and "
                    + MAX_DRAIN_SECONDS);
        }
        return new OpsConfig(enabled == JsonValue.TRUE, Duration.ofSeconds(n.longValue()));
    }
}
