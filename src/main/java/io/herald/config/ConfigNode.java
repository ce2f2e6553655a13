package io.herald.config;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one validation helper: typed, range-checked reads of one object of the merged config document,
 * each failure a {@link ConfigException#invalid} naming the key's full path. Section records read
 * their keys through it ({@code node.integer("port", 0, 65535)}), so no section checks values itself.
 */
public final class ConfigNode {
    private final JsonObject object;
    private final String path;
    private final Set<String> read;

    ConfigNode(JsonObject object, String path) {
        this(object, path, new HashSet<>());
    }

    /** @param read collects the path of every key read (so a test can prove no key goes unread) */
    ConfigNode(JsonObject object, String path, Set<String> read) {
        this.object = object;
        this.path = path;
        this.read = read;
    }

    /** The dotted path of {@code key} below this node. */
    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The child object {@code key}. */
    public ConfigNode node(String key) {
        JsonValue v = value(key);
        if (!(v instanceof JsonObject o)) {
            throw ConfigException.invalid(path(key), v, "an object");
        }
        return new ConfigNode(o, path(key), read);
    }

    /** Every child object, by name (for maps such as {@code namespaces}). */
    public Map<String, ConfigNode> children() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (String key : object.keySet()) {
            out.put(key, node(key));
        }
        return out;
    }

    public boolean bool(String key) {
        JsonValue v = value(key);
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
            throw ConfigException.invalid(path(key), v, "true or false");
        }
        return v == JsonValue.TRUE;
    }

    public String string(String key) {
        JsonValue v = value(key);
        if (!(v instanceof JsonString s)) {
            throw ConfigException.invalid(path(key), v, "a string");
        }
        return s.getString();
    }

    public int integer(String key, int min, int max) {
        return (int) longInteger(key, min, max);
    }

    public long longInteger(String key, long min, long max) {
        JsonValue v = value(key);
        String allowed = "an integer from " + min + " to " + max;
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw ConfigException.invalid(path(key), v, allowed);
        }
        long value;
        try {
            value = n.longValueExact();
        } catch (ArithmeticException e) {
            throw ConfigException.invalid(path(key), v, allowed);
        }
        if (value < min || value > max) {
            throw ConfigException.invalid(path(key), v, allowed);
        }
        return value;
    }

    /** An integer number of seconds in [min, max]. */
    public Duration seconds(String key, long min, long max) {
        return Duration.ofSeconds(longInteger(key, min, max));
    }

    /** An integer number of milliseconds in [min, max]. */
    public Duration millis(String key, long min, long max) {
        return Duration.ofMillis(longInteger(key, min, max));
    }

    /** One of the enum's constants, written in lower case. */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        String s = string(key);
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw ConfigException.invalid(path(key), "\"" + s + "\"", "one of " + String.join(", ", names));
        }
    }

    /** An array of strings, each at least {@code minLength} characters (0 = any). */
    public List<String> strings(String key, int minLength) {
        JsonValue v = value(key);
        if (!(v instanceof JsonArray array)) {
            throw ConfigException.invalid(path(key), v, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        String allowed = minLength > 0 ? "a string of at least " + minLength + " characters" : "a string";
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString s) || s.getString().length() < minLength) {
                throw ConfigException.invalid(path(key) + "[" + i + "]", describe(array.get(i)), allowed);
            }
            out.add(s.getString());
        }
        return List.copyOf(out);
    }

    /** Whether this object has {@code key} (for lists of objects, whose items may leave keys out). */
    public boolean has(String key) {
        return object.containsKey(key);
    }

    /** The items of an array, for lists of records such as {@code pusher.apps}. */
    public List<JsonValue> items(String key) {
        JsonValue v = value(key);
        if (!(v instanceof JsonArray array)) {
            throw ConfigException.invalid(path(key), v, "an array");
        }
        return List.copyOf(array);
    }

    /** The object at {@code key[index]}, as a node for typed reads. */
    public ConfigNode item(String key, int index, JsonObject item) {
        return new ConfigNode(item, path(key) + "[" + index + "]", read);
    }

    /** The keys present in this object. */
    public Set<String> keys() {
        return object.keySet();
    }

    /** An array of objects (e.g. {@code hooks.webhooks}), each as a node with path {@code key[i]}. */
    public List<ConfigNode> objects(String key) {
        JsonValue v = value(key);
        if (!(v instanceof JsonArray array)) {
            throw ConfigException.invalid(path(key), v, "an array of objects");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonObject o)) {
                throw ConfigException.invalid(path(key) + "[" + i + "]", array.get(i), "an object");
            }
            out.add(new ConfigNode(o, path(key) + "[" + i + "]", new HashSet<>()));
        }
        return List.copyOf(out);
    }

    /** Fails on any key of this object not in {@code known} (lists of objects are not shape-checked on load). */
    public void requireOnly(Set<String> known) {
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                throw ConfigException.invalid(path(key), "an unknown key", "one of " + new java.util.TreeSet<>(known));
            }
        }
    }

    /** A failure for {@code key} whose value breaks a rule the typed reads cannot express. */
    public ConfigException invalid(String key, String allowed) {
        return ConfigException.invalid(path(key), describe(object.get(key)), allowed);
    }

    /** Strings may be secrets (keys, passwords): messages give their length, never their text. */
    private static Object describe(JsonValue v) {
        return v instanceof JsonString s ? "a string of " + s.getString().length() + " characters" : v;
    }

    private JsonValue value(String key) {
        read.add(path(key));
        JsonValue v = object.get(key);
        if (v == null) {
            throw ConfigException.invalid(path(key), "missing", "a value (every key has a default)");
        }
        return v;
    }
}
