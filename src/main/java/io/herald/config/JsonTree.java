package io.herald.config;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reading, strict checking and merging of JSON config documents. */
final class JsonTree {

    private JsonTree() {
    }

    static JsonObject read(Reader reader, String source) {
        try (JsonReader json = Json.createReader(reader)) {
            JsonValue value = json.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ConfigException(source + ": the top level must be a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonParsingException e) {
            throw new ConfigException(source + ": malformed JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ": " + e.getMessage(), e);
        } catch (jakarta.json.JsonException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    static JsonObject resource(String name) {
        try (InputStream in = JsonTree.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return read(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that every key of {@code given} exists in {@code shape} with the same JSON type.
     * Objects listed in {@code freeMaps} (by path) may have any keys; their values follow {@code mapValueShape}.
     */
    static void checkShape(JsonObject given, JsonObject shape, String path, Map<String, JsonObject> freeMaps) {
        for (Map.Entry<String, JsonValue> e : given.entrySet()) {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonValue expected = shape.get(e.getKey());
            if (expected == null) {
                throw ConfigException.invalid(key, "an unknown key", "only the documented keys: "
                        + String.join(", ", shape.keySet()));
            }
            checkType(key, e.getValue(), expected);
            if (e.getValue().getValueType() == JsonValue.ValueType.OBJECT) {
                JsonObject valueShape = freeMaps.get(key);
                if (valueShape != null) {
                    for (Map.Entry<String, JsonValue> item : e.getValue().asJsonObject().entrySet()) {
                        String itemKey = key + "." + item.getKey();
                        if (item.getValue().getValueType() != JsonValue.ValueType.OBJECT) {
                            throw ConfigException.invalid(itemKey, describe(item.getValue().getValueType()),
                                    "an object");
                        }
                        checkShape(item.getValue().asJsonObject(), valueShape, itemKey, Map.of());
                    }
                } else {
                    checkShape(e.getValue().asJsonObject(), expected.asJsonObject(), key, freeMaps);
                }
            }
        }
    }

    private static void checkType(String key, JsonValue given, JsonValue expected) {
        JsonValue.ValueType g = normalize(given.getValueType());
        JsonValue.ValueType x = normalize(expected.getValueType());
        if (g != x) {
            throw ConfigException.invalid(key, describe(g), describe(x));
        }
    }

    private static JsonValue.ValueType normalize(JsonValue.ValueType t) {
        return t == JsonValue.ValueType.FALSE ? JsonValue.ValueType.TRUE : t;
    }

    private static String describe(JsonValue.ValueType t) {
        return switch (t) {
            case TRUE, FALSE -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
        };
    }

    /** Deep merge: values of {@code over} win; objects merge key by key, except paths in {@code replaced}. */
    static JsonObject merge(JsonObject base, JsonObject over, String path, java.util.Set<String> replaced) {
        JsonObjectBuilder out = Json.createObjectBuilder(base);
        for (Map.Entry<String, JsonValue> e : over.entrySet()) {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonValue old = base.get(e.getKey());
            if (old != null && old.getValueType() == JsonValue.ValueType.OBJECT
                    && e.getValue().getValueType() == JsonValue.ValueType.OBJECT && !replaced.contains(key)) {
                out.add(e.getKey(), merge(old.asJsonObject(), e.getValue().asJsonObject(), key, replaced));
            } else {
                out.add(e.getKey(), e.getValue());
            }
        }
        return out.build();
    }

    static JsonArray stringArray(String commaSeparated) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                b.add(part.trim());
            }
        }
        return b.build();
    }
}
