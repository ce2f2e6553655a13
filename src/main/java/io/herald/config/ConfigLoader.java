package io.herald.config;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads the one configuration: built-in defaults, then the JSON file, then environment variables.
 *
 * <p>Every key of the merged document can be overridden by {@code HERALD_} + its path in upper snake
 * case: {@code limits.maxMessageBytes} is {@code HERALD_LIMITS_MAX_MESSAGE_BYTES},
 * {@code namespaces.chat.historySize} is {@code HERALD_NAMESPACES_CHAT_HISTORY_SIZE}; arrays take
 * comma-separated values, or a JSON array (lists of objects such as {@code hooks.webhooks}). An unknown key, a wrong type or an out-of-range value fails with a
 * {@link ConfigException} in the one format of {@link ConfigException#invalid}. The merged document is
 * then read into typed sections once ({@link HeraldConfig#from}); defaults live in {@code defaults.json}
 * (and {@code namespace-defaults.json} for listed namespaces) and nowhere else.
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
        return HeraldConfig.from(new ConfigNode(tree, ""));
    }

    private static JsonObject completeNamespaces(JsonObject tree, JsonObject namespaceShape) {
        JsonObjectBuilder namespaces = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : tree.getJsonObject(NAMESPACES).entrySet()) {
            String name = e.getKey();
            if (!name.matches("[A-Za-z0-9_\\-.]+")) {
                throw ConfigException.invalid(NAMESPACES + "." + name, "an invalid namespace name",
                        "names of letters, digits, '_', '-' and '.'");
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

    /**
     * A JSON array given in the environment, for lists of objects ({@code HERALD_HOOKS_WEBHOOKS='[{...}]'});
     * its items are checked by the section that reads them, like the file's. The message never repeats
     * the text: it may hold secrets.
     */
    private static JsonArray jsonArray(String key, String name, String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readArray();
        } catch (RuntimeException e) {
            throw new ConfigException("config key '" + key + "' (set by " + name + ") is " + text.length()
                    + " characters that are not a JSON array; allowed: comma-separated values or a JSON array");
        }
    }

    private static JsonValue parseOverride(String key, JsonValue current, String text) {
        String name = envName(key);
        switch (current.getValueType()) {
            case TRUE, FALSE -> {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (!t.equals("true") && !t.equals("false")) {
                    throw ConfigException.fromEnvironment(key, name, text, "true or false");
                }
                return t.equals("true") ? JsonValue.TRUE : JsonValue.FALSE;
            }
            case NUMBER -> {
                try {
                    return Json.createValue(Long.parseLong(text.trim()));
                } catch (NumberFormatException e) {
                    throw ConfigException.fromEnvironment(key, name, text, "an integer");
                }
            }
            case ARRAY -> {
                return text.trim().startsWith("[") ? jsonArray(key, name, text) : JsonTree.stringArray(text);
            }
            default -> {
                return Json.createValue(text);
            }
        }
    }
}
