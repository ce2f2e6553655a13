package io.herald.config;

import io.herald.hub.ClientAccess;
import io.herald.hub.HubConfig;
import io.herald.hub.Limits;
import io.herald.hub.NamespaceConfig;
import io.herald.hub.PublishPolicy;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads the one configuration: built-in defaults, then the JSON file, then environment variables.
 *
 * <p>Every key of the merged document can be overridden by {@code HERALD_} + its path in upper snake
 * case: {@code limits.maxMessageBytes} is {@code HERALD_LIMITS_MAX_MESSAGE_BYTES},
 * {@code namespaces.chat.historySize} is {@code HERALD_NAMESPACES_CHAT_HISTORY_SIZE}; arrays take
 * comma-separated values. An unknown key, a wrong type or an out-of-range value fails with a message
 * that names the key.
 */
public final class ConfigLoader {
    private static final String NAMESPACES = "namespaces";

    private ConfigLoader() {
    }

    /** Defaults and environment only. */
    public static HeraldConfig load(Map<String, String> env) {
        return load((Reader) null, "defaults", env);
    }

    public static HeraldConfig load(Path file, Map<String, String> env) {
        if (file == null) {
            return load(env);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(reader, file.toString(), env);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    public static HeraldConfig load(Reader file, String source, Map<String, String> env) {
        JsonObject defaults = JsonTree.resource("defaults.json");
        JsonObject namespaceShape = JsonTree.resource("namespace-defaults.json");
        JsonObject tree = defaults;
        if (file != null) {
            JsonObject given = JsonTree.read(file, source);
            JsonTree.checkShape(given, defaults, "", Map.of(NAMESPACES, namespaceShape));
            tree = JsonTree.merge(defaults, given, "", Set.of(NAMESPACES));
        }
        tree = completeNamespaces(tree, namespaceShape);
        tree = applyEnvironment(tree, "", env);
        return new HeraldConfig(toHubConfig(tree), str(tree, "server.host"), intIn(tree, "server.port", 0, 65535),
                tree);
    }

    private static JsonObject completeNamespaces(JsonObject tree, JsonObject namespaceShape) {
        JsonObjectBuilder namespaces = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : tree.getJsonObject(NAMESPACES).entrySet()) {
            String name = e.getKey();
            if (!name.matches("[A-Za-z0-9_\\-.]+")) {
                throw new ConfigException("config key 'namespaces." + name + "': namespace names use letters,"
                        + " digits, '_', '-' and '.'");
            }
            namespaces.add(name, JsonTree.merge(namespaceShape, e.getValue().asJsonObject(), "", Set.of()));
        }
        return Json.createObjectBuilder(tree).add(NAMESPACES, namespaces).build();
    }

    /** Replaces each leaf whose environment variable is set. */
    private static JsonObject applyEnvironment(JsonObject node, String path, Map<String, String> env) {
        JsonObjectBuilder out = Json.createObjectBuilder(node);
        for (Map.Entry<String, JsonValue> e : node.entrySet()) {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonValue value = e.getValue();
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                out.add(e.getKey(), applyEnvironment(value.asJsonObject(), key, env));
                continue;
            }
            String override = env.get(envName(key));
            if (override != null) {
                out.add(e.getKey(), parseOverride(key, value, override));
            }
        }
        return out.build();
    }

    /** {@code limits.maxMessageBytes} -> {@code HERALD_LIMITS_MAX_MESSAGE_BYTES}. */
    public static String envName(String path) {
        StringBuilder out = new StringBuilder("HERALD_");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '-') {
                out.append('_');
            } else if (Character.isUpperCase(c)) {
                out.append('_').append(c);
            } else {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString();
    }

    private static JsonValue parseOverride(String key, JsonValue current, String text) {
        String name = envName(key);
        switch (current.getValueType()) {
            case TRUE, FALSE -> {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (!t.equals("true") && !t.equals("false")) {
                    throw new ConfigException(name + " (config key '" + key + "') must be true or false");
                }
                return t.equals("true") ? JsonValue.TRUE : JsonValue.FALSE;
            }
            case NUMBER -> {
                try {
                    return Json.createValue(Long.parseLong(text.trim()));
                } catch (NumberFormatException e) {
                    throw new ConfigException(name + " (config key '" + key + "') must be an integer");
                }
            }
            case ARRAY -> {
                return JsonTree.stringArray(text);
            }
            default -> {
                return Json.createValue(text);
            }
        }
    }

    private static HubConfig toHubConfig(JsonObject t) {
        Limits limits = new Limits(
                intIn(t, "limits.maxMessageBytes", 256, 64 * 1024 * 1024),
                longIn(t, "limits.outboundQueueBytes", 1024, Long.MAX_VALUE),
                intIn(t, "limits.outboundQueueMessages", 1, Integer.MAX_VALUE),
                intIn(t, "limits.maxChannelsPerConnection", 1, 1_000_000),
                intIn(t, "limits.maxChannelNameLength", 1, 255),
                intIn(t, "limits.maxConnections", 0, Integer.MAX_VALUE),
                intIn(t, "limits.recoveryMaxPublications", 0, 1_000_000),
                intIn(t, "limits.historyMaxLimit", 0, 1_000_000),
                intIn(t, "limits.maxConnectionsPerUser", 0, Integer.MAX_VALUE),
                intIn(t, "limits.maxConnectionsPerIp", 0, Integer.MAX_VALUE),
                intIn(t, "limits.commandsPerSecond", 0, 1_000_000),
                intIn(t, "limits.commandBurst", 1, 1_000_000),
                intIn(t, "limits.rejectedCommandsBeforeClose", 0, 1_000_000));
        Map<String, NamespaceConfig> namespaces = new LinkedHashMap<>();
        namespaces.put("", namespace(t.getJsonObject("defaultNamespace"), "defaultNamespace"));
        for (Map.Entry<String, JsonValue> e : t.getJsonObject(NAMESPACES).entrySet()) {
            namespaces.put(e.getKey(), namespace(e.getValue().asJsonObject(), NAMESPACES + "." + e.getKey()));
        }
        List<String> keys = new ArrayList<>();
        JsonArray array = t.getJsonArray("apiKeys");
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString s) || s.getString().length() < 16) {
                throw new ConfigException("config key 'apiKeys[" + i + "]' must be a string of at least 16 characters");
            }
            keys.add(s.getString());
        }
        return new HubConfig(namespaces, t.getBoolean("allowAnonymous"), keys,
                Duration.ofSeconds(intIn(t, "pingIntervalSeconds", 1, 3600)),
                Duration.ofSeconds(intIn(t, "idleTimeoutSeconds", 2, 36_000)),
                Duration.ofSeconds(intIn(t, "connectTimeoutSeconds", 1, 3600)),
                str(t, "statsChannel"), limits);
    }

    private static NamespaceConfig namespace(JsonObject ns, String path) {
        String publish = ns.getString("publish");
        PublishPolicy policy;
        try {
            policy = PublishPolicy.valueOf(publish.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + path + ".publish' must be one of subscribers, clients,"
                    + " server; got '" + publish + "'");
        }
        return new NamespaceConfig(intIn(ns, "historySize", 0, 1_000_000, path),
                Duration.ofSeconds(intIn(ns, "historyTtlSeconds", 0, 365 * 24 * 3600, path)),
                ns.getBoolean("presence"), ns.getBoolean("joinLeave"), policy, ns.getBoolean("recovery"),
                ns.getBoolean("history"), ns.getBoolean("private"), access(ns, "presenceFor", path),
                access(ns, "historyFor", path));
    }

    private static ClientAccess access(JsonObject ns, String key, String path) {
        String value = ns.getString(key);
        try {
            return ClientAccess.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + path + "." + key + "' must be subscribers or clients; got '"
                    + value + "'");
        }
    }

    private static JsonValue at(JsonObject t, String dotted) {
        JsonValue node = t;
        for (String part : dotted.split("\\.")) {
            node = node.asJsonObject().get(part);
        }
        return node;
    }

    private static String str(JsonObject t, String dotted) {
        return ((JsonString) at(t, dotted)).getString();
    }

    private static int intIn(JsonObject t, String dotted, int min, int max) {
        return (int) longIn(t, dotted, min, max);
    }

    private static int intIn(JsonObject ns, String key, int min, int max, String prefix) {
        return (int) checkRange(prefix + "." + key, ns.get(key), min, max);
    }

    private static long longIn(JsonObject t, String dotted, long min, long max) {
        return checkRange(dotted, at(t, dotted), min, max);
    }

    private static long checkRange(String key, JsonValue value, long min, long max) {
        if (!(value instanceof JsonNumber n) || !n.isIntegral()) {
            throw new ConfigException("config key '" + key + "' must be an integer");
        }
        long v;
        try {
            v = n.longValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException("config key '" + key + "' is out of range");
        }
        if (v < min || v > max) {
            throw new ConfigException("config key '" + key + "' must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
