package io.herald.config;

import java.time.Duration;

/**
 * Operations settings.
 *
 * @param metricsEnabled {@code metrics.enabled}: serve {@code /metrics} and record metrics
 * @param shutdownDrain  {@code shutdownDrainSeconds}: on shutdown or undeploy, clients are closed with
 *                       1001 spread over this window (0 = all at once)
 */
public record OpsConfig(boolean metricsEnabled, Duration shutdownDrain) {
    private static final int MAX_DRAIN_SECONDS = 300;

    static OpsConfig from(ConfigNode root) {
        return new OpsConfig(root.node("metrics").bool("enabled"),
                root.seconds("shutdownDrainSeconds", 0, MAX_DRAIN_SECONDS));
    }
}
