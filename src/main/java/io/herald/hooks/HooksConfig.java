package io.herald.hooks;

import io.herald.config.ConfigException;
import io.herald.hooks.webhook.HeraldWebhookFormat;
import io.herald.hooks.webhook.WebhookEngine;
import io.herald.hooks.webhook.WebhookFormat;
import io.herald.hooks.webhook.WebhookTarget;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code hooks} section: webhook targets and how leaves are confirmed.
 *
 * @param node        the node name in webhook bodies; "" uses the hub's node id
 * @param leaveDelay  wait before reporting channel_vacated / member_removed (0 = at once)
 * @param flush       how long queued webhooks may still go out when the node stops
 * @param webhooks    the targets
 */
public record HooksConfig(String node, Duration leaveDelay, Duration flush, List<WebhookTarget> webhooks) {
    private static final Set<String> TARGET_KEYS = Set.of("name", "url", "format", "secrets", "key", "events",
            "namespaces", "batchMaxEvents", "batchWindowMillis", "timeoutMillis", "maxAttempts", "retryBaseMillis",
            "retryMaxMillis", "queueCapacity");

    public HooksConfig {
        webhooks = List.copyOf(webhooks);
    }

    /** Reads the {@code hooks} section of the merged config (its keys were shape-checked on load). */
    public static HooksConfig from(JsonObject tree) {
        JsonObject h = tree.getJsonObject("hooks");
        if (h == null) {
            return new HooksConfig("", Duration.ZERO, Duration.ofSeconds(2), List.of());
        }
        List<WebhookTarget> targets = new ArrayList<>();
        JsonArray array = h.getJsonArray("webhooks");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "hooks.webhooks[" + i + "]";
            if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ConfigException("config key '" + path + "' must be an object");
            }
            WebhookTarget target = target(array.getJsonObject(i), path);
            if (!names.add(target.name())) {
                throw new ConfigException("config key '" + path + ".name': '" + target.name() + "' is used twice");
            }
            targets.add(target);
        }
        return new HooksConfig(h.getString("node"), Duration.ofMillis(num(h, "leaveDelayMillis", 0, 0, 600_000, "hooks")),
                Duration.ofMillis(num(h, "flushMillis", 0, 0, 60_000, "hooks")), targets);
    }

    private static WebhookTarget target(JsonObject o, String path) {
        for (String key : o.keySet()) {
            if (!TARGET_KEYS.contains(key)) {
                throw new ConfigException("unknown config key '" + path + "." + key + "'");
            }
        }
        String format = str(o, "format", HeraldWebhookFormat.NAME, path);
        WebhookFormat impl;
        try {
            impl = WebhookEngine.format(format);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + path + ".format': " + e.getMessage());
        }
        URI url = url(str(o, "url", "", path), path);
        List<String> secrets = strings(o, "secrets", path);
        if (secrets.isEmpty() || secrets.size() > 2 || secrets.stream().anyMatch(s -> s.length() < 16)) {
            throw new ConfigException("config key '" + path + ".secrets' must list one or two secrets of at least"
                    + " 16 characters (two while rotating)");
        }
        String key = str(o, "key", "", path);
        if (format.equals("pusher") && key.isEmpty()) {
            throw new ConfigException("config key '" + path + ".key' (the Pusher app key) is required for format pusher");
        }
        Set<HookType> events = events(o, impl, path);
        return new WebhookTarget(str(o, "name", "webhook", path), url, format, secrets, key, events,
                new LinkedHashSet<>(strings(o, "namespaces", path)), (int) num(o, "batchMaxEvents", 100, 1, 10_000, path),
                Duration.ofMillis(num(o, "batchWindowMillis", 50, 0, 10_000, path)),
                Duration.ofMillis(num(o, "timeoutMillis", 5_000, 100, 120_000, path)),
                (int) num(o, "maxAttempts", 8, 1, 100, path), Duration.ofMillis(num(o, "retryBaseMillis", 250, 1, 60_000, path)),
                Duration.ofMillis(num(o, "retryMaxMillis", 30_000, 1, 3_600_000, path)),
                (int) num(o, "queueCapacity", 10_000, 1, 10_000_000, path));
    }

    /** Default: every event the format knows except client publishes, which a target must ask for. */
    private static Set<HookType> events(JsonObject o, WebhookFormat format, String path) {
        Set<HookType> events = EnumSet.noneOf(HookType.class);
        if (!o.containsKey("events")) {
            for (HookType t : HookType.values()) {
                if (t != HookType.PUBLISH && format.supports(t)) {
                    events.add(t);
                }
            }
            return events;
        }
        for (String name : strings(o, "events", path)) {
            try {
                HookType t = HookType.fromWire(name);
                if (!format.supports(t)) {
                    throw new ConfigException("config key '" + path + ".events': this format has no '" + name + "'");
                }
                events.add(t);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("config key '" + path + ".events': " + e.getMessage());
            }
        }
        return events;
    }

    private static URI url(String text, String path) {
        try {
            URI uri = URI.create(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + path + ".url' must be an http(s) URL, got '" + text + "'");
        }
    }

    static String str(JsonObject o, String key, String fallback, String path) {
        JsonValue v = o.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof JsonString s)) {
            throw new ConfigException("config key '" + path + "." + key + "' must be a string");
        }
        return s.getString();
    }

    static List<String> strings(JsonObject o, String key, String path) {
        JsonValue v = o.get(key);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            for (JsonValue item : a) {
                if (!(item instanceof JsonString s)) {
                    throw new ConfigException("config key '" + path + "." + key + "' must be an array of strings");
                }
                out.add(s.getString());
            }
            return out;
        }
        throw new ConfigException("config key '" + path + "." + key + "' must be an array of strings");
    }

    static long num(JsonObject o, String key, long fallback, long min, long max, String path) {
        JsonValue v = o.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < min || n.longValue() > max) {
            throw new ConfigException("config key '" + path + "." + key + "' must be an integer between " + min
                    + " and " + max + ", got " + v);
        }
        return n.longValue();
    }

    /** For tests: a config with these targets and no delay. */
    public static HooksConfig of(List<WebhookTarget> targets, Duration leaveDelay) {
        return new HooksConfig("", leaveDelay, Duration.ofSeconds(2), targets);
    }

}
