package io.herald.protocol;

import io.herald.hub.ErrorCode;
import io.herald.hub.Payload;
import io.herald.hub.StreamPosition;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.Reader;
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

    /** Longest display name ({@code connect.name}): it is repeated in every join, leave and presence. */
    public static final int MAX_NAME_CHARS = 128;

    private static final String NESTED_TOO_DEEP = "JSON nested too deep (limit " + MAX_DEPTH + ")";

    private final JsonParserFactory parsers = Json.createParserFactory(Map.of(
            "org.eclipse.parsson.maxDepth", MAX_DEPTH,
            "org.eclipse.parsson.rejectDuplicateKeys", true));

    public Command parse(String text) {
        JsonObject object;
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return new Command.Invalid(0, ErrorCode.BAD_REQUEST, "a command must be a JSON object");
            }
            object = parser.getObject();
            if (parser.hasNext()) {
                return new Command.Invalid(LeadingId.scan(text), ErrorCode.BAD_REQUEST, "one JSON object per message");
            }
        } catch (RuntimeException e) {
            // JsonParsingException, JsonException and anything else the parser throws on bad input
            return new Command.Invalid(LeadingId.scan(text), ErrorCode.BAD_REQUEST,
                    tooDeep(e) ? NESTED_TOO_DEEP : "malformed JSON");
        } catch (StackOverflowError e) {
            return new Command.Invalid(LeadingId.scan(text), ErrorCode.BAD_REQUEST, NESTED_TOO_DEEP);
        }
        try {
            return toCommand(object);
        } catch (BadField e) {
            return new Command.Invalid(e.id, ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    /** Parsson reports its depth limit ("Input is too deeply nested") as a plain RuntimeException; its message is the only way to tell. */
    private static boolean tooDeep(RuntimeException e) {
        String message = e.getMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("nested");
    }

    /**
     * Reads exactly one JSON value: unlike {@code JsonReader.readValue}, content after it (a second
     * value, garbage) is an error, not silently ignored.
     *
     * @return the value, or null when there is none or something follows it
     * @throws JsonException when the text is not JSON
     */
    public static JsonValue readOne(JsonParserFactory factory, Reader in) {
        try (JsonParser parser = factory.createParser(in)) {
            if (!parser.hasNext()) {
                return null;
            }
            parser.next();
            JsonValue value = parser.getValue();
            return parser.hasNext() ? null : value;
        }
    }

    private Command toCommand(JsonObject o) {
        if (o.get("type") instanceof JsonString t && "pong".equals(t.getString())) {
            return new Command.Pong();
        }
        long id = id(o);
        String type = optString(o, "type", id);
        if (type == null) {
            throw new BadField(id, "type is required");
        }
        return switch (type) {
            case "connect" -> new Command.Connect(id, optString(o, "token", id), name(o, id),
                    optString(o, "version", id));
            case "subscribe" -> new Command.Subscribe(id, channel(o, id), since(o, id), optString(o, "token", id));
            case "refresh" -> new Command.Refresh(id, requiredString(o, "token", id));
            case "unsubscribe" -> new Command.Unsubscribe(id, channel(o, id));
            case "publish" -> new Command.Publish(id, channel(o, id), data(o, id));
            case "presence" -> new Command.Presence(id, channel(o, id));
            case "history" -> new Command.History(id, channel(o, id), limit(o, id), since(o, id));
            case "ping" -> new Command.Ping(id);
            case "rpc" -> new Command.Rpc(id, method(o, id), o.containsKey("data") ? data(o, id) : null);
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
        return Payload.json(JsonText.escapeLoneSurrogates(v.toString()));
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

    private static String name(JsonObject o, long id) {
        String name = optString(o, "name", id);
        if (name != null && name.length() > MAX_NAME_CHARS) {
            throw new BadField(id, "name longer than " + MAX_NAME_CHARS + " characters");
        }
        return name;
    }

    /** Longest rpc method name. */
    public static final int MAX_METHOD_CHARS = 128;

    private static String method(JsonObject o, long id) {
        String method = requiredString(o, "method", id);
        if (method.length() > MAX_METHOD_CHARS) {
            throw new BadField(id, "method longer than " + MAX_METHOD_CHARS + " characters");
        }
        return method;
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
