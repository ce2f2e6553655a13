package io.herald.http;

import io.herald.hub.ClientInfo;
import io.herald.hub.CloseCode;
import io.herald.hub.ErrorCode;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.hub.Payload;
import io.herald.hub.ServerApi;
import io.herald.hub.StreamPosition;
import io.herald.protocol.CommandParser;
import io.herald.protocol.JsonText;
import io.herald.protocol.ResultJson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API below {@code /api}, independent of the servlet or Grizzly adapter that feeds it.
 * Every refusal is a 4xx/5xx with {@code {"error":{"code","message"}}}; nothing here throws.
 */
public final class ApiHandler {
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    /** Room for the JSON envelope around a publication's data. */
    private static final int ENVELOPE_BYTES = 4096;

    private final Hub hub;
    private final ServerApi server;
    private final ApiKeys keys;
    private final JsonParserFactory parsers = Json.createParserFactory(Map.of(
            "org.eclipse.parsson.maxDepth", CommandParser.MAX_DEPTH,
            "org.eclipse.parsson.rejectDuplicateKeys", true));

    public ApiHandler(Hub hub) {
        this.hub = hub;
        this.server = hub.server();
        this.keys = new ApiKeys(hub.config().apiKeys());
    }

    /** The largest body an adapter should read; larger bodies get 413 without being read whole. */
    public int maxBodyBytes() {
        return hub.config().limits().maxMessageBytes() + ENVELOPE_BYTES;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            if (!keys.accepts(request.header("Authorization"))) {
                return ApiResponse.error(ErrorCode.UNAUTHORIZED, "missing or wrong API key (Authorization: Bearer <key>)");
            }
            if (request.bodyTooLarge()) {
                return ApiResponse.error(ErrorCode.MESSAGE_TOO_LARGE, "body larger than " + maxBodyBytes() + " bytes");
            }
            return route(request);
        } catch (HubException e) {
            return ApiResponse.error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "HTTP API failure on " + request.path(), e);
            return ApiResponse.error(ErrorCode.INTERNAL, "internal error");
        }
    }

    private ApiResponse route(ApiRequest r) {
        String path = r.path();
        return switch (path) {
            case "/publish" -> post(r, this::publish);
            case "/broadcast" -> post(r, this::broadcast);
            case "/disconnect" -> post(r, this::disconnect);
            case "/presence" -> get(r, this::presence);
            case "/history" -> get(r, this::history);
            case "/channels" -> get(r, req -> ApiResponse.ok(channelsJson()));
            case "/info" -> get(r, req -> ApiResponse.ok(InfoJson.of(hub)));
            default -> ApiResponse.error(ErrorCode.NOT_FOUND, "no API endpoint " + truncate(path));
        };
    }

    private static ApiResponse post(ApiRequest r, java.util.function.Function<ApiRequest, ApiResponse> action) {
        if (!"POST".equals(r.method())) {
            return ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED, "use POST");
        }
        return action.apply(r);
    }

    private static ApiResponse get(ApiRequest r, java.util.function.Function<ApiRequest, ApiResponse> action) {
        if (!"GET".equals(r.method())) {
            return ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED, "use GET");
        }
        return action.apply(r);
    }

    private ApiResponse publish(ApiRequest r) {
        if ("application/octet-stream".equals(r.mediaType())) {
            String channel = required(r.param("channel"), "channel query parameter");
            StreamPosition p = server.publish(channel, Payload.binary(r.body()), r.param("idempotencyKey"));
            return ApiResponse.ok(ResultJson.position(p));
        }
        JsonObject body = jsonBody(r);
        String channel = string(body, "channel", true);
        JsonValue data = body.get("data");
        if (data == null) {
            throw new HubException(ErrorCode.BAD_REQUEST, "data is required");
        }
        StreamPosition p = server.publish(channel, Payload.json(JsonText.escapeLoneSurrogates(data.toString())), string(body, "idempotencyKey", false));
        return ApiResponse.ok(ResultJson.position(p));
    }

    private ApiResponse broadcast(ApiRequest r) {
        JsonObject body = jsonBody(r);
        JsonValue list = body.get("channels");
        if (!(list instanceof JsonArray array) || array.isEmpty()) {
            throw new HubException(ErrorCode.BAD_REQUEST, "channels must be a non-empty array of strings");
        }
        if (array.size() > 1000) {
            throw new HubException(ErrorCode.LIMIT_EXCEEDED, "at most 1000 channels per broadcast");
        }
        List<String> channels = new ArrayList<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s)) {
                throw new HubException(ErrorCode.BAD_REQUEST, "channels must be a non-empty array of strings");
            }
            channels.add(s.getString());
        }
        JsonValue data = body.get("data");
        if (data == null) {
            throw new HubException(ErrorCode.BAD_REQUEST, "data is required");
        }
        List<StreamPosition> positions = server.broadcast(channels, Payload.json(JsonText.escapeLoneSurrogates(data.toString())));
        StringBuilder out = new StringBuilder("{\"responses\":[");
        for (int i = 0; i < positions.size(); i++) {
            out.append(i == 0 ? "" : ",").append(ResultJson.position(positions.get(i)));
        }
        return ApiResponse.ok(out.append("]}").toString());
    }

    private ApiResponse disconnect(ApiRequest r) {
        JsonObject body = jsonBody(r);
        String client = string(body, "client", false);
        String user = string(body, "user", false);
        boolean reconnect = body.getBoolean("reconnect", false);
        CloseCode code = reconnect ? CloseCode.FORCE_RECONNECT : CloseCode.FORCE_DISCONNECT;
        int count;
        if (client != null) {
            count = server.disconnectClient(client, code, "disconnected by server");
        } else if (user != null) {
            count = server.disconnectUser(user, code, "disconnected by server");
        } else {
            throw new HubException(ErrorCode.BAD_REQUEST, "give client or user");
        }
        return ApiResponse.ok("{\"disconnected\":" + count + "}");
    }

    private ApiResponse presence(ApiRequest r) {
        Map<String, ClientInfo> clients = server.presence(required(r.param("channel"), "channel query parameter"));
        return ApiResponse.ok(ResultJson.presence(clients));
    }

    private ApiResponse history(ApiRequest r) {
        String channel = required(r.param("channel"), "channel query parameter");
        int limit = intParam(r.param("limit"), 100, "limit");
        StreamPosition since = null;
        if (r.param("since") != null) {
            since = new StreamPosition(intParam(r.param("since"), 0, "since"),
                    required(r.param("epoch"), "epoch query parameter (with since)"));
        }
        return ApiResponse.ok(ResultJson.history(server.history(channel, limit, since)));
    }

    private String channelsJson() {
        StringBuilder out = new StringBuilder("{\"channels\":{");
        boolean first = true;
        for (Map.Entry<String, Integer> e : server.channels().entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            JsonText.quote(out, e.getKey()).append(':').append(e.getValue());
        }
        return out.append("}}").toString();
    }

    private JsonObject jsonBody(ApiRequest r) {
        if (!"application/json".equals(r.mediaType())) {
            throw new HubException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        try {
            JsonValue value = CommandParser.readOne(parsers,
                    new java.io.InputStreamReader(new ByteArrayInputStream(r.body()), strictUtf8()));
            if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new HubException(ErrorCode.BAD_REQUEST, "body must be a JSON object");
            }
            return value.asJsonObject();
        } catch (HubException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new HubException(ErrorCode.BAD_REQUEST, "malformed JSON body");
        }
    }

    /** A decoder that fails on malformed UTF-8 instead of replacing it. */
    private static java.nio.charset.CharsetDecoder strictUtf8() {
        return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    }

    private static String string(JsonObject body, String field, boolean required) {
        JsonValue v = body.get(field);
        if (v == null || v == JsonValue.NULL) {
            if (required) {
                throw new HubException(ErrorCode.BAD_REQUEST, field + " is required");
            }
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new HubException(ErrorCode.BAD_REQUEST, field + " must be a string");
        }
        return s.getString();
    }

    private static String required(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new HubException(ErrorCode.BAD_REQUEST, what + " is required");
        }
        return value;
    }

    private static int intParam(String value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new HubException(ErrorCode.BAD_REQUEST, name + " must be a non-negative integer");
        }
    }

    private static String truncate(String s) {
        return JsonText.quote(s.length() <= 64 ? s : s.substring(0, 64));
    }

}
