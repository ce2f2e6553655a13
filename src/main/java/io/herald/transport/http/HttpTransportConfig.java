package io.herald.transport.http;

import io.herald.config.ConfigException;
import io.herald.config.HeraldConfig;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;

/**
 * The HTTP transports' settings, read from the merged config tree (keys under {@code transports} in
 * defaults.json; docs/configuration.md).
 *
 * @param httpStream           {@code transports.httpStream}: serve HTTP-streaming at {@code /stream}
 * @param sse                  {@code transports.sse}: serve Server-Sent Events at {@code /sse}
 * @param maxStreamsPerAddress {@code transports.maxStreamsPerAddress}: open streams from one address on
 *                             this node; more are refused with 429 {@code limit_exceeded} (0 = unlimited)
 * @param keepAlive            {@code transports.keepAliveSeconds}: how often an idle stream gets a keep-alive
 *                             (an SSE comment or an empty line); a closed client is noticed within about two
 */
public record HttpTransportConfig(boolean httpStream, boolean sse, int maxStreamsPerAddress, Duration keepAlive) {

    public static HttpTransportConfig defaults() {
        return new HttpTransportConfig(true, true, 100, Duration.ofSeconds(10));
    }

    public boolean enabled() {
        return httpStream || sse;
    }

    public static HttpTransportConfig of(HeraldConfig config) {
        JsonValue node = config.tree().get("transports");
        if (node == null) {
            return defaults();
        }
        if (!(node instanceof JsonObject tree)) {
            throw new ConfigException("config key 'transports' must be an object");
        }
        return new HttpTransportConfig(flag(tree, "httpStream"), flag(tree, "sse"),
                number(tree, "maxStreamsPerAddress", 0, 1_000_000, defaults().maxStreamsPerAddress()),
                Duration.ofSeconds(number(tree, "keepAliveSeconds", 1, 300, (int) defaults().keepAlive().toSeconds())));
    }

    private static boolean flag(JsonObject tree, String key) {
        JsonValue value = tree.get(key);
        if (value == null) {
            return true;
        }
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw new ConfigException("config key 'transports." + key + "' must be true or false");
        }
        return value == JsonValue.TRUE;
    }

    private static int number(JsonObject tree, String key, int min, int max, int fallback) {
        JsonValue value = tree.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < min || n.longValue() > max) {
            throw new ConfigException("config key 'transports." + key + "' must be an integer between " + min
                    + " and " + max);
        }
        return n.intValue();
    }
}
