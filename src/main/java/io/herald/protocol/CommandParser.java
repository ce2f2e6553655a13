package io.herald.protocol;

import io.herald.hub.ErrorCode;
import io.herald.hub.Payload;
import io.herald.hub.StreamPosition;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Map;

/**
 * Parses client text messages (one JSON object each) into {@link Command}s with JSON-P. Never throws:
 * malformed JSON, wrong field types and unknown types become {@link Command.Invalid}. Nesting is capped
 * so hostile input cannot exhaust the stack. Thread-safe.
 */
public final class CommandParser {
    /** Deepest JSON nesting accepted in a command (the data field included). */
    public static final int MAX_DEPTH = 64;
    private static final long MAX_ID = 9_007_199_254_740_991L; // 2^53-1: exact in JavaScript

    private final JsonReaderFactory readers = Json.createReaderFactory(Map.of(
            "org.eclipse.parsson.maxDepth", MAX_DEPTH,
            "org.eclipse.parsson.rejectDuplicateKeys", true));

    public Command parse(String text) {
        JsonObject object;
        try (JsonReader reader = readers.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return new Command.Invalid(0, ErrorCode.BAD_REQUEST, "a command must be a JSON object");
            }
            object = value.asJsonObject();
        } catch (JsonException | IllegalStateException | IllegalArgumentException e) {
            return new Command.Invalid(0, ErrorCode.BAD_REQUEST, "malformed JSON");
        } catch (RuntimeException e) {
            return new Command.Invalid(0, ErrorCode.BAD_REQUEST, "malformed JSON");
        } catch (StackOverflowError e) {
            return new Command.Invalid(0, ErrorCode.BAD_REQUEST, "JSON nested too deeply");
        }
        try {
            return toCommand(object);
        } catch (BadField e) {
            return new Command.Invalid(e.id, ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private Command toCommand(JsonObject o) {
        String type = optString(o, "type", 0);
        if ("pong".equals(type)) {
            return new Command.Pong();
        }
        long id = id(o);
        if (type == null) {
            throw new BadField(id, "type is required");
        }
        return switch (type) {
            case "connect" -> new Command.Connect(id, optString(o, "token", id), optString(o, "name", id),
                    optString(o, "version", id));
            case "subscribe" -> new Command.Subscribe(id, channel(o, id), since(o, id), optString(o, "token", id));
            case "refresh" -> new Command.Refresh(id, requiredString(o, "token", id));
            case "unsubscribe" -> new Command.Unsubscribe(id, channel(o, id));
            case "publish" -> new Command.Publish(id, channel(o, id), data(o, id));
            case "presence" -> new Command.Presence(id, channel(o, id));
            case "history" -> new Command.History(id, channel(o, id), limit(o, id), since(o, id));
            case "ping" -> new Command.Ping(id);
            default -> throw new BadField(id, "unknown command type '" + truncate(type) + "'");
        };
    }

    private static long id(JsonObject o) {
        JsonValue v = o.get("id");
        if (v == null) {
            throw new BadField(0, "id is required");
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new BadField(0, "id must be a positive integer");
        }
        long id;
        try {
            id = n.longValueExact();
        } catch (ArithmeticException e) {
            throw new BadField(0, "id must be a positive integer below 2^53");
        }
        if (id <= 0 || id > MAX_ID) {
            throw new BadField(0, "id must be a positive integer below 2^53");
        }
        return id;
    }

    private static String channel(JsonObject o, long id) {
        String channel = optString(o, "channel", id);
        if (channel == null || channel.isEmpty()) {
            throw new BadField(id, "channel is required");
        }
        return channel;
    }

    private static Payload data(JsonObject o, long id) {
        JsonValue v = o.get("data");
        if (v == null) {
            throw new BadField(id, "data is required");
        }
        return Payload.json(v.toString());
    }

    private static int limit(JsonObject o, long id) {
        JsonValue v = o.get("limit");
        if (v == null || v == JsonValue.NULL) {
            return 100;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new BadField(id, "limit must be a non-negative integer");
        }
        try {
            int limit = n.intValueExact();
            if (limit < 0) {
                throw new BadField(id, "limit must be a non-negative integer");
            }
            return limit;
        } catch (ArithmeticException e) {
            throw new BadField(id, "limit out of range");
        }
    }

    private static StreamPosition since(JsonObject o, long id) {
        JsonValue v = o.get("since");
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new BadField(id, "since must be an object {offset, epoch}");
        }
        JsonObject s = v.asJsonObject();
        JsonValue offset = s.get("offset");
        String epoch = optString(s, "epoch", id);
        if (!(offset instanceof JsonNumber n) || !n.isIntegral() || epoch == null) {
            throw new BadField(id, "since needs an integer offset and a string epoch");
        }
        try {
            long value = n.longValueExact();
            if (value < 0) {
                throw new BadField(id, "since.offset must be >= 0");
            }
            return new StreamPosition(value, epoch);
        } catch (ArithmeticException e) {
            throw new BadField(id, "since.offset out of range");
        }
    }

    private static String optString(JsonObject o, String field, long id) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new BadField(id, field + " must be a string");
        }
        return s.getString();
    }

    private static String requiredString(JsonObject o, String field, long id) {
        String value = optString(o, field, id);
        if (value == null || value.isEmpty()) {
            throw new BadField(id, field + " is required");
        }
        return value;
    }

    private static String truncate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }

    /** A field with the wrong shape; carries the id so the error reply can echo it. */
    private static final class BadField extends RuntimeException {
        final long id;

        BadField(long id, String message) {
            super(message, null, false, false);
            this.id = id;
        }
    }
}
