package io.herald.pusher.http;

import io.herald.http.ApiRequest;
import io.herald.http.ApiResponse;
import io.herald.hub.ClientInfo;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.hub.Payload;
import io.herald.protocol.JsonText;
import io.herald.config.PusherApp;
import io.herald.pusher.PusherChannel;
import io.herald.pusher.PusherService;
import io.herald.pusher.protocol.PusherConnection;
import io.herald.pusher.protocol.PusherFrames;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pusher's HTTP API ({@code /apps/{id}/...}), container-neutral: events, batch events, channel lists and
 * info, presence users and terminating a user's connections, each a signed request (see
 * {@link RequestSignature}). Errors have Pusher's status codes: 400 bad request, 401 bad signature or
 * stale timestamp, 404 unknown app or route, 413 data over the app's limit. Thread-safe.
 */
public final class PusherApi {
    /** Largest request body read: ten batched events of 10 kB with room for their JSON. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_CHANNELS_PER_EVENT = 100;
    static final int MAX_BATCH = 10;
    static final int MAX_EVENT_NAME = 200;
    private static final Pattern ROUTE = Pattern.compile(
            "^/apps/([^/]+)/(events|batch_events|channels|channels/([^/]+)|channels/([^/]+)/users"
                    + "|users/([^/]+)/terminate_connections)$");
    private static final Pattern SOCKET_ID = Pattern.compile("^\\d+\\.\\d+$");
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    private final PusherService service;
    private final Hub hub;

    public PusherApi(PusherService service) {
        this.service = service;
        this.hub = service.hub();
    }

    /** Whether a path is this API's ({@code /apps/...}). */
    public static boolean owns(String path) {
        return path.startsWith("/apps/");
    }

    /** @param request {@code path} is the full path below the context, {@code /apps/{id}/...} */
    public ApiResponse handle(ApiRequest request) {
        Matcher m = ROUTE.matcher(request.path());
        if (!m.matches()) {
            return text(404, "Not found");
        }
        Optional<PusherApp> found = service.config().byId(m.group(1));
        if (found.isEmpty()) {
            return text(404, "Unknown app");
        }
        PusherApp app = found.get();
        if (request.bodyTooLarge()) {
            return text(413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        String problem = RequestSignature.problem(request, request.path(), app, service.config().timestampWindow(),
                System.currentTimeMillis() / 1000);
        if (problem != null) {
            return text(401, problem);
        }
        String route = m.group(2);
        boolean post = request.method().equals("POST");
        try {
            if (route.equals("events") && post) {
                return events(app, body(request));
            } else if (route.equals("batch_events") && post) {
                return batch(app, body(request));
            } else if (route.equals("channels") && !post) {
                return PusherChannelInfo.list(service, app, request.param("filter_by_prefix"), request.param("info"));
            } else if (m.group(3) != null && !post) {
                return PusherChannelInfo.one(service, app, m.group(3), request.param("info"));
            } else if (m.group(4) != null && !post) {
                return PusherChannelInfo.users(hub, app, m.group(4));
            } else if (m.group(5) != null && post) {
                service.cluster().terminate(PusherConnection.hubUser(app, m.group(5)));
                return ApiResponse.ok("{}");
            }
            return text(405, "Method not allowed");
        } catch (BadRequest e) {
            return text(e.status, e.getMessage());
        } catch (HubException e) {
            return text(e.code().httpStatus(), e.getMessage());
        }
    }

    private ApiResponse events(PusherApp app, JsonObject body) {
        List<String> channels = new ArrayList<>();
        if (body.get("channels") instanceof JsonArray array) {
            for (JsonValue v : array) {
                channels.add(v instanceof JsonString s ? s.getString() : "");
            }
        } else if (body.get("channel") instanceof JsonString s) {
            channels.add(s.getString());
        }
        if (channels.isEmpty() || channels.size() > MAX_CHANNELS_PER_EVENT) {
            throw new BadRequest(400, "an event goes to 1-" + MAX_CHANNELS_PER_EVENT + " channels");
        }
        Event event = event(app, body, channels);
        for (PusherChannel channel : event.channels()) {
            publish(channel, event);
        }
        return ApiResponse.ok("{}");
    }

    private ApiResponse batch(PusherApp app, JsonObject body) {
        if (!(body.get("batch") instanceof JsonArray array) || array.isEmpty()) {
            throw new BadRequest(400, "batch must be a non-empty array of events");
        }
        if (array.size() > MAX_BATCH) {
            throw new BadRequest(400, "Batch too large: at most " + MAX_BATCH + " events");
        }
        List<Event> events = new ArrayList<>();
        for (JsonValue item : array) { // all checked before any is published
            if (!(item instanceof JsonObject o) || !(o.get("channel") instanceof JsonString channel)) {
                throw new BadRequest(400, "each batch event needs a channel");
            }
            events.add(event(app, o, List.of(channel.getString())));
        }
        for (Event event : events) {
            publish(event.channels().get(0), event);
        }
        return ApiResponse.ok("{}");
    }

    private record Event(List<PusherChannel> channels, String payload, ClientInfo origin) {
    }

    private static Event event(PusherApp app, JsonObject body, List<String> names) {
        if (!(body.get("name") instanceof JsonString name) || name.getString().isEmpty()
                || name.getString().length() > MAX_EVENT_NAME) {
            throw new BadRequest(400, "name must be an event name of 1-" + MAX_EVENT_NAME + " characters");
        }
        JsonValue data = body.get("data");
        if (data == null) {
            throw new BadRequest(400, "data is required");
        }
        int size = data instanceof JsonString s ? utf8Length(s.getString()) : utf8Length(data.toString());
        if (size > app.maxEventBytes()) {
            throw new BadRequest(413, "Payload too large: event data is " + size + " bytes, the limit is "
                    + app.maxEventBytes());
        }
        List<PusherChannel> channels = new ArrayList<>();
        for (String n : names) {
            PusherChannel channel = PusherChannel.parse(app.id(), n);
            if (channel == null || channel.kind() == PusherChannel.Kind.USER && !n.startsWith("#server-to-user-")) {
                throw new BadRequest(400, "invalid channel name '" + JsonText.quote(n) + "'");
            }
            channels.add(channel);
        }
        ClientInfo origin = null;
        if (body.get("socket_id") instanceof JsonString socket) {
            if (!SOCKET_ID.matcher(socket.getString()).matches()) {
                throw new BadRequest(400, "socket_id must have the form 123.456");
            }
            origin = new ClientInfo(socket.getString(), "", "");
        } else if (body.containsKey("socket_id") && body.get("socket_id").getValueType() != JsonValue.ValueType.NULL) {
            throw new BadRequest(400, "socket_id must be a string");
        }
        return new Event(channels, PusherFrames.payload(name.getString(), data.toString(), null), origin);
    }

    private void publish(PusherChannel channel, Event event) {
        Payload payload = Payload.json(event.payload());
        if (event.origin() == null) {
            hub.server().publish(channel.heraldName(), payload, null);
        } else {
            hub.server().publishFor(event.origin(), channel.heraldName(), payload);
        }
    }

    private static JsonObject body(ApiRequest request) {
        try {
            JsonValue value = JSON.createReader(new ByteArrayInputStream(request.body())).readValue();
            if (value instanceof JsonObject o) {
                return o;
            }
        } catch (RuntimeException e) {
            // falls through to the 400
        }
        throw new BadRequest(400, "the body must be a JSON object");
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static ApiResponse text(int status, String message) {
        return new ApiResponse(status, "{\"error\":" + JsonText.quote(message) + "}");
    }

    /** A refusal with its status. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
