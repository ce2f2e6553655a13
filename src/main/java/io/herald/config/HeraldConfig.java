package io.herald.config;

import io.herald.hub.HubConfig;
import jakarta.json.JsonObject;

/**
 * Everything loaded from defaults, the config file and the environment.
 *
 * @param hub  the hub's own configuration
 * @param host standalone bind address
 * @param port standalone port (0 = ephemeral)
 * @param tree the merged JSON document, for sections owned by other components
 */
public record HeraldConfig(HubConfig hub, String host, int port, JsonObject tree) {
}
