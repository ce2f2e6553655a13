package io.herald.pusher.protocol;

import io.herald.hub.ClientInfo;
import io.herald.hub.ClientSession;
import io.herald.hub.Dialect;
import io.herald.hub.ErrorCode;
import io.herald.hub.FrameEncoder;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.hub.Identity;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import io.herald.hub.StreamPosition;
import io.herald.hub.TokenBucket;
import io.herald.hub.Transport;
import io.herald.config.PusherApp;
import io.herald.pusher.PusherChannel;
import io.herald.pusher.PusherService;
import io.herald.pusher.Signatures;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * One Pusher protocol connection over the hub: handles the client's messages ({@code pusher:subscribe},
 * {@code pusher:signin}, {@code client-*} events...) and, as its {@link Dialect}, decides which pushes it gets:
 * not its own client events, not the {@code socket_id} excluded by the HTTP API, and one
 * {@code member_added}/{@code member_removed} per user however many tabs that user has open.
 *
 * <p>Messages of one connection arrive one at a time (the container's guarantee); the member sets are read
 * by delivery threads too, hence concurrent.
 *
 * <p>Length: about 340 lines because the message handling (sign-in with its watchlist included) and the
 * {@link Dialect} filter share the connection's member, watchlist and exclusion state; splitting them would
 * put that state behind a second object both sides reach into. Subscriptions are already in
 * {@code PusherSubscriptions}, the watchlist's frames and parsing in {@code PusherWatchlist}.
 */
public final class PusherConnection implements Dialect {
    /** Pusher's limit on event names. */
    static final int MAX_EVENT_NAME = 200;
    static final int MAX_USER_ID = 128;

    private final PusherService service;
    private final Hub hub;
    private final PusherApp app;
    private final String socketId;
    private final BiConsumer<Integer, String> closeWithPusherCode;
    private final TokenBucket clientEvents;
    private final PusherSubscriptions subscriptions;
    /** Users this client knows to be present, by Herald channel (presence channels only). */
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>(2);
    /** This connection's user id in each presence channel, for {@code user_id} on its client events. */
    private final Map<String, String> presenceUser = new ConcurrentHashMap<>(2);
    private ClientSession session;
    private volatile String signedInUser;
    /** The users this connection watches (sign-in {@code watchlist}); empty for none. */
    private volatile Set<String> watched = Set.of();

    public PusherConnection(PusherService service, PusherApp app, BiConsumer<Integer, String> closeWithPusherCode) {
        this.service = service;
        this.hub = service.hub();
        this.app = app;
        this.socketId = service.newSocketId();
        this.closeWithPusherCode = closeWithPusherCode;
        this.clientEvents = new TokenBucket(app.clientEventsPerSecond(), app.clientEventsPerSecond(), System.nanoTime());
        this.subscriptions = new PusherSubscriptions(this);
    }

    /** Registers the connection with the hub and greets the client; false when the hub refused it. */
    public boolean open(Transport transport) {
        session = hub.open(transport, this, socketId);
        if (session.state() == ClientSession.State.CLOSED) {
            return false; // the hub closed it already (shutting down, node or address limit)
        }
        hub.connectAs(session, Identity.ANONYMOUS, "");
        session.send(PusherFrames.connectionEstablished(socketId, service.config().activityTimeout().toSeconds()));
        return true;
    }

    public String socketId() {
        return socketId;
    }

    public void closed(int code) {
        if (session != null) {
            hub.closed(session, code);
        }
    }

    /**
     * The hub's user name of a signed-in Pusher user: apps have their own user spaces, and neither meets
     * the users of Herald's own tokens.
     */
    public static String hubUser(PusherApp app, String userId) {
        return "pusher:" + app.id() + ":" + userId;
    }

    /** A message over the size limit: closed with 1009 at once. */
    public void tooBig() {
        hub.disconnectNow(session, io.herald.hub.CloseCode.MESSAGE_TOO_BIG, "message too big");
    }

    /** One text message from the client. */
    public void onText(String text) {
        long now = System.nanoTime();
        session.touch(now);
        hub.stats().countInbound(session.transportKind());
        if (!hub.admit(session, now)) {
            session.send(PusherFrames.error(PusherCodes.CLIENT_EVENT_RATE_LIMIT, "too many messages; slow down"));
            return;
        }
        JsonObject message = parse(text);
        if (message == null || !(message.get("event") instanceof JsonString event)) {
            session.send(PusherFrames.error(null, "malformed message: a JSON object with an event name is expected"));
            return;
        }
        try {
            dispatch(event.getString(), message);
        } catch (HubException e) {
            session.send(PusherFrames.error(null, e.getMessage()));
        }
    }

    private void dispatch(String event, JsonObject message) {
        switch (event) {
            case "pusher:ping" -> session.send(PusherFrames.pong());
            case "pusher:pong" -> { } // activity already recorded
            case "pusher:subscribe" -> subscriptions.subscribe(data(message));
            case "pusher:unsubscribe" -> subscriptions.unsubscribe(data(message));
            case "pusher:signin" -> signin(data(message));
            default -> {
                if (event.startsWith("client-")) {
                    clientEvent(event, message);
                } else {
                    session.send(PusherFrames.error(null, "unknown event '" + truncate(event) + "'"));
                }
            }
        }
    }

    private void signin(JsonObject data) {
        String auth = string(data, "auth");
        String userData = string(data, "user_data");
        JsonObject user = userData == null ? null : parse(userData);
        String id = user == null ? null : idOf(user.get("id"));
        if (id == null || !Signatures.signinValid(app, auth, socketId, userData)) {
            session.send(PusherFrames.error(PusherCodes.UNAUTHORIZED, "invalid signin: bad signature or user_data"));
            closeWithPusherCode.accept(PusherCodes.UNAUTHORIZED, "invalid signin");
            return;
        }
        hub.identify(session, hubUser(app, id));
        signedInUser = id;
        session.send(PusherFrames.signinSuccess(userData));
        watch(id, PusherWatchlist.ids(user));
    }

    /** Joins the app's watchlist presence (every signed-in user must be seen) and tells what is online. */
    private void watch(String id, Set<String> ids) {
        String channel = PusherWatchlist.channel(app.id());
        if (session.isSubscribed(channel)) {
            return; // signed in again on this connection: the first watchlist stands
        }
        watched = ids;
        if (!ids.isEmpty()) {
            trackMembers(channel, id);
        }
        try {
            hub.subscribe(session, channel, null, null, new ClientInfo(socketId, id, ""), result -> {
                if (ids.isEmpty()) {
                    return;
                }
                var present = hub.server().presence(channel).values();
                knownMembers(channel, present);
                Set<String> online = PusherWatchlist.online(ids, present);
                if (!online.isEmpty()) {
                    session.send(PusherWatchlist.event("online", online));
                }
            });
        } catch (HubException e) {
            untrack(channel); // no watchlist events, the sign-in stands
        }
    }

    private void clientEvent(String event, JsonObject message) {
        PusherChannel channel = PusherChannel.parse(app.id(), string(message, "channel"));
        if (channel == null || !session.isSubscribed(channel.heraldName())) {
            session.send(PusherFrames.error(null, "Client event rejected - not subscribed to the channel"));
            return;
        }
        if (!channel.kind().allowsClientEvents()) {
            session.send(PusherFrames.error(null,
                    "Client event rejected - only supported on private and presence channels"));
            return;
        }
        if (event.length() > MAX_EVENT_NAME) {
            session.send(PusherFrames.error(null, "Client event rejected - event name longer than " + MAX_EVENT_NAME));
            return;
        }
        if (!clientEvents.tryTake(System.nanoTime())) {
            session.send(PusherFrames.error(PusherCodes.CLIENT_EVENT_RATE_LIMIT,
                    "Client event rejected - rate limit of " + app.clientEventsPerSecond() + " per second exceeded"));
            return;
        }
        JsonValue data = message.get("data");
        String json = data == null ? "null" : data.toString();
        if (json.length() > app.maxEventBytes()) {
            session.send(PusherFrames.error(null, "Client event rejected - data larger than " + app.maxEventBytes()
                    + " bytes"));
            return;
        }
        String payload = PusherFrames.payload(event, json, presenceUser.get(channel.heraldName()));
        hub.publish(session, channel.heraldName(), Payload.json(payload));
    }

    // ---- Dialect ----------------------------------------------------------------------------------

    @Override
    public FrameEncoder encoder() {
        return service.frames(app);
    }

    @Override
    public boolean wants(Publication publication) {
        ClientInfo origin = publication.info();
        return origin == null || !socketId.equals(origin.client());
    }

    @Override
    public boolean wantsJoin(String channel, ClientInfo member) {
        if (PusherWatchlist.isWatchlist(channel) && !watched.contains(member.user())) {
            return false;
        }
        Set<String> known = members.get(channel);
        return known != null && !socketId.equals(member.client()) && known.add(member.user());
    }

    @Override
    public boolean wantsLeave(String channel, ClientInfo member) {
        if (PusherWatchlist.isWatchlist(channel) && !watched.contains(member.user())) {
            return false;
        }
        Set<String> known = members.get(channel);
        return known != null && known.remove(member.user());
    }

    // ---- for PusherSubscriptions ------------------------------------------------------------------

    ClientSession session() {
        return session;
    }

    Hub hub() {
        return hub;
    }

    PusherApp app() {
        return app;
    }

    String signedInUser() {
        return signedInUser;
    }

    /** Starts tracking a presence channel's members (before subscribing, so no join slips by). */
    void trackMembers(String heraldChannel, String ownUser) {
        members.put(heraldChannel, ConcurrentHashMap.newKeySet());
        presenceUser.put(heraldChannel, ownUser);
    }

    void knownMembers(String heraldChannel, Iterable<ClientInfo> present) {
        Set<String> known = members.get(heraldChannel);
        if (known != null) {
            present.forEach(m -> known.add(m.user()));
        }
    }

    void untrack(String heraldChannel) {
        members.remove(heraldChannel);
        presenceUser.remove(heraldChannel);
    }

    // ---- parsing ----------------------------------------------------------------------------------

    static JsonObject parse(String text) {
        try {
            JsonValue value = PusherFrames.JSON.createReader(new StringReader(text)).readValue();
            return value instanceof JsonObject o ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The {@code data} of a message: an object, or a string holding one (both are seen in the wild). */
    static JsonObject data(JsonObject message) {
        JsonValue data = message.get("data");
        if (data instanceof JsonObject o) {
            return o;
        }
        if (data instanceof JsonString s) {
            JsonObject o = parse(s.getString());
            if (o != null) {
                return o;
            }
        }
        throw new HubException(ErrorCode.BAD_REQUEST, "malformed message: data must be an object");
    }

    static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }

    /** A user id: a non-empty string or a number, as Pusher accepts both. */
    static String idOf(JsonValue value) {
        String id = null;
        if (value instanceof JsonString s) {
            id = s.getString();
        } else if (value != null && value.getValueType() == JsonValue.ValueType.NUMBER) {
            id = value.toString();
        }
        return id == null || id.isEmpty() || id.length() > MAX_USER_ID ? null : id;
    }

    static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    static StreamPosition position(JsonValue value) {
        if (!(value instanceof JsonObject o) || o.get("offset") == null
                || o.get("offset").getValueType() != JsonValue.ValueType.NUMBER
                || !(o.get("epoch") instanceof JsonString epoch)) {
            return null;
        }
        long offset = o.getJsonNumber("offset").longValue();
        return offset < 0 ? null : new StreamPosition(offset, epoch.getString());
    }
}
