package io.herald.config;

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
 * The {@code pusher} section: whether the Pusher Channels protocol is served, its apps and timings.
 *
 * <p>{@code pusher.apps} is a list; each entry is an object {@code {"id","key","secret"}} with optional
 * {@code maxEventBytes}, {@code clientEventsPerSecond}, {@code webhookUrl}, {@code recovery} and
 * {@code subscriptionCount}, or a string {@code id:key:secret[:webhookUrl]} (the form of the environment override
 * {@code HERALD_PUSHER_APPS=id:key:secret,...}; a JSON array of objects works there too).
 * With no app configured, {@link #withDemoAppIfNone()} makes up one with random credentials and logs it once.
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
            "clientEventsPerSecond", "webhookUrl", "recovery", "subscriptionCount");
    private static final String NAME = "1-64 letters, digits, '_', '-' or '.'";

    public PusherConfig {
        apps = List.copyOf(apps);
    }

    static PusherConfig from(ConfigNode pusher) {
        List<PusherApp> apps = new ArrayList<>();
        List<JsonValue> items = pusher.items("apps");
        for (int i = 0; i < items.size(); i++) {
            apps.add(app(pusher, i, items.get(i)));
        }
        checkUnique(pusher, apps);
        return new PusherConfig(pusher.bool("enabled"), apps, pusher.seconds("activityTimeoutSeconds", 1, 3600),
                pusher.seconds("timestampWindowSeconds", 1, 86_400));
    }

    /** For tests and tools: the given apps and the default timings. */
    public static PusherConfig of(List<PusherApp> apps) {
        return new PusherConfig(true, apps, Duration.ofSeconds(30), Duration.ofSeconds(600));
    }

    /**
     * With the protocol enabled and no app configured, a demo app with random credentials, logged once (like
     * the demo API key), so pusher-js can connect out of the box while no fixed secret ever ships.
     */
    public PusherConfig withDemoAppIfNone() {
        if (!enabled || !apps.isEmpty()) {
            return this;
        }
        SecureRandom random = new SecureRandom();
        String id = String.valueOf(100_000 + random.nextInt(900_000));
        String key = HexFormat.of().formatHex(bytes(random, 10));
        String secret = HexFormat.of().formatHex(bytes(random, 16));
        LOG.log(System.Logger.Level.INFO, "demo Pusher app: id={0} key={1} secret={2}", id, key, secret);
        return new PusherConfig(true, List.of(PusherApp.of(id, key, secret)), activityTimeout, timestampWindow);
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

    private static PusherApp app(ConfigNode pusher, int i, JsonValue value) {
        String path = pusher.path("apps") + "[" + i + "]";
        if (value instanceof JsonString s) {
            String[] parts = s.getString().trim().split(":", 4); // the webhook URL has colons of its own
            if (parts.length < 3) {
                throw ConfigException.invalid(path, "a string of " + s.getString().length() + " characters",
                        "id:key:secret or id:key:secret:webhookUrl");
            }
            PusherApp app = PusherApp.of(parts[0].trim(), parts[1].trim(), parts[2].trim());
            if (parts.length == 4) {
                app = new PusherApp(app.id(), app.key(), app.secret(), app.maxEventBytes(),
                        app.clientEventsPerSecond(), parts[3].trim(), false, false);
            }
            return checked(path, app);
        }
        if (!(value instanceof JsonObject o)) {
            throw ConfigException.invalid(path, value, "an object {\"id\",\"key\",\"secret\"} or a string id:key:secret");
        }
        ConfigNode app = pusher.item("apps", i, o);
        for (String k : o.keySet()) {
            if (!APP_KEYS.contains(k)) {
                throw ConfigException.invalid(app.path(k), "an unknown key", "one of " + String.join(", ", APP_KEYS));
            }
        }
        return checked(path, new PusherApp(app.string("id"), app.string("key"), app.string("secret"),
                app.has("maxEventBytes") ? app.integer("maxEventBytes", 1, 1 << 20) : PusherApp.DEFAULT_MAX_EVENT_BYTES,
                app.has("clientEventsPerSecond") ? app.integer("clientEventsPerSecond", 1, 100_000)
                        : PusherApp.DEFAULT_CLIENT_EVENTS_PER_SECOND,
                app.has("webhookUrl") ? app.string("webhookUrl") : "",
                app.has("recovery") && app.bool("recovery"),
                app.has("subscriptionCount") && app.bool("subscriptionCount")));
    }

    private static PusherApp checked(String path, PusherApp app) {
        if (!app.id().matches("[A-Za-z0-9_\\-.]{1,64}")) {
            throw ConfigException.invalid(path + ".id", "\"" + app.id() + "\"", NAME);
        }
        if (!app.key().matches("[A-Za-z0-9_\\-.]{1,128}")) {
            throw ConfigException.invalid(path + ".key", "\"" + app.key() + "\"", "1-128 letters, digits, '_', '-' or '.'");
        }
        if (app.secret().length() < 8) {
            throw ConfigException.invalid(path + ".secret", "a string of " + app.secret().length() + " characters",
                    "a secret of at least 8 characters");
        }
        return app;
    }

    private static void checkUnique(ConfigNode pusher, List<PusherApp> apps) {
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (PusherApp app : apps) {
            if (!ids.add(app.id())) {
                throw ConfigException.invalid(pusher.path("apps"), "app id \"" + app.id() + "\" twice", "unique app ids");
            }
            if (!keys.add(app.key())) {
                throw ConfigException.invalid(pusher.path("apps"), "app key \"" + app.key() + "\" twice", "unique app keys");
            }
        }
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
