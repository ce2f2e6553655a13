package io.herald.pusher;

import io.herald.config.ConfigException;
import io.herald.config.HeraldConfig;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;

import java.util.Optional;
import java.util.Set;

/**
 * The {@code pusher} config section: whether the Pusher protocol is served, its apps and timings.
 *
 * <p>{@code pusher.apps} is a list; each entry is an object {@code {"id","key","secret"}} with optional
 * {@code maxEventBytes}, {@code clientEventsPerSecond}, {@code webhookUrl} and {@code recovery}, or a string
 * {@code id:key:secret} (the form of the environment override {@code HERALD_PUSHER_APPS=id:key:secret,...}).
 * With no app configured a demo app with random credentials is made up and logged once.
 *
 * @param enabled          {@code pusher.enabled}
 * @param apps             the apps; ids and keys are unique
 * @param activityTimeout  {@code pusher.activityTimeoutSeconds}: sent to clients in
 *                         {@code connection_established}; they ping when idle this long
 * @param timestampWindow  {@code pusher.timestampWindowSeconds}: how far an HTTP API request's
 *                         {@code auth_timestamp} may be from the server's clock
 */
public record PusherConfig(boolean enabled, List<PusherApp> apps, Duration activityTimeout, Duration timestampWindow) {
    private static final System.Logger LOG = System.getLogger(PusherConfig.class.getName());
    private static final Set<String> APP_KEYS = Set.of("id", "key", "secret", "maxEventBytes",
            "clientEventsPerSecond", "webhookUrl", "recovery");

    public PusherConfig {
        apps = List.copyOf(apps);
    }

    public static PusherConfig from(HeraldConfig config) {
        return from(config.tree());
    }

    public static PusherConfig from(JsonObject tree) {
        JsonObject section = tree.getJsonObject("pusher");
        boolean enabled = section.getBoolean("enabled");
        List<PusherApp> apps = new ArrayList<>();
        var array = section.getJsonArray("apps");
        for (int i = 0; i < array.size(); i++) {
            apps.add(app(array.get(i), "pusher.apps[" + i + "]"));
        }
        checkUnique(apps);
        if (apps.isEmpty() && enabled) {
            apps.add(demoApp());
        }
        return new PusherConfig(enabled, apps,
                Duration.ofSeconds(number(section, "activityTimeoutSeconds", 1, 3600, "pusher")),
                Duration.ofSeconds(number(section, "timestampWindowSeconds", 1, 86_400, "pusher")));
    }

    public Optional<PusherApp> byKey(String key) {
        return apps.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    public Optional<PusherApp> byId(String id) {
        return apps.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** Whether any app offers the recovery extension (then the channels keep history). */
    public boolean anyRecovery() {
        return apps.stream().anyMatch(PusherApp::recovery);
    }

    private static PusherApp app(JsonValue value, String path) {
        if (value instanceof JsonString s) {
            String[] parts = s.getString().trim().split(":", -1);
            if (parts.length != 3) {
                throw new ConfigException("config key '" + path + "' must be id:key:secret");
            }
            return checked(PusherApp.of(parts[0].trim(), parts[1].trim(), parts[2].trim()), path);
        }
        if (!(value instanceof JsonObject o)) {
            throw new ConfigException("config key '" + path + "' must be an object {id, key, secret} or id:key:secret");
        }
        for (String k : o.keySet()) {
            if (!APP_KEYS.contains(k)) {
                throw new ConfigException("unknown config key '" + path + "." + k + "'");
            }
        }
        return checked(new PusherApp(string(o, "id", path), string(o, "key", path), string(o, "secret", path),
                o.containsKey("maxEventBytes") ? number(o, "maxEventBytes", 1, 1 << 20, path)
                        : PusherApp.DEFAULT_MAX_EVENT_BYTES,
                o.containsKey("clientEventsPerSecond") ? number(o, "clientEventsPerSecond", 1, 100_000, path)
                        : PusherApp.DEFAULT_CLIENT_EVENTS_PER_SECOND,
                o.containsKey("webhookUrl") ? string(o, "webhookUrl", path) : "",
                o.containsKey("recovery") && bool(o, "recovery", path)), path);
    }

    private static PusherApp checked(PusherApp app, String path) {
        if (!app.id().matches("[A-Za-z0-9_\\-.]{1,64}")) {
            throw new ConfigException("config key '" + path + ".id' must be 1-64 letters, digits, '_', '-' or '.'");
        }
        if (!app.key().matches("[A-Za-z0-9_\\-.]{1,128}")) {
            throw new ConfigException("config key '" + path + ".key' must be 1-128 letters, digits, '_', '-' or '.'");
        }
        if (app.secret().length() < 8) {
            throw new ConfigException("config key '" + path + ".secret' must have at least 8 characters");
        }
        return app;
    }

    private static void checkUnique(List<PusherApp> apps) {
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (PusherApp app : apps) {
            if (!ids.add(app.id())) {
                throw new ConfigException("config key 'pusher.apps': app id '" + app.id() + "' appears twice");
            }
            if (!keys.add(app.key())) {
                throw new ConfigException("config key 'pusher.apps': app key '" + app.key() + "' appears twice");
            }
        }
    }

    private static PusherApp demoApp() {
        SecureRandom random = new SecureRandom();
        String id = String.valueOf(100_000 + random.nextInt(900_000));
        String key = HexFormat.of().formatHex(bytes(random, 10));
        String secret = HexFormat.of().formatHex(bytes(random, 16));
        LOG.log(System.Logger.Level.INFO, "demo Pusher app: id={0} key={1} secret={2}", id, key, secret);
        return PusherApp.of(id, key, secret);
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String string(JsonObject o, String key, String path) {
        if (!(o.get(key) instanceof JsonString s)) {
            throw new ConfigException("config key '" + path + "." + key + "' must be a string");
        }
        return s.getString();
    }

    private static boolean bool(JsonObject o, String key, String path) {
        JsonValue v = o.get(key);
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
            throw new ConfigException("config key '" + path + "." + key + "' must be true or false");
        }
        return v == JsonValue.TRUE;
    }

    private static int number(JsonObject o, String key, int min, int max, String path) {
        if (!(o.get(key) instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < min || n.longValue() > max) {
            throw new ConfigException("config key '" + path + "." + key + "' must be an integer between " + min
                    + " and " + max);
        }
        return n.intValue();
    }

    /** For tests and tools: a config with the given apps and the default timings. */
    public static PusherConfig of(List<PusherApp> apps) {
        return new PusherConfig(true, apps, Duration.ofSeconds(30), Duration.ofSeconds(600));
    }

}
