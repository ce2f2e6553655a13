package io.herald.hooks;

import io.herald.hub.ClientInfo;
import io.herald.hub.Payload;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One lifecycle event, as every webhook format sees it. Fields an event type does not use are empty
 * strings (or 0, or null for {@code data}).
 *
 * @param id         unique per event, kept across retries: the backend's idempotency key
 * @param type       what happened
 * @param timeMillis when it happened on the node that saw it (epoch millis)
 * @param channel    the channel, or "" for connect/disconnect
 * @param client     the connection id, or "" for channel-wide events
 * @param user       the user ("" for anonymous clients and channel-wide events)
 * @param name       the client's display name
 * @param code       the close code of a disconnect, else 0
 * @param reason     the close reason of a disconnect, else ""
 * @param data       a client publish's data, else null
 */
public record HookEvent(String id, HookType type, long timeMillis, String channel, String client, String user,
                        String name, int code, String reason, Payload data) {
    public HookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        channel = channel == null ? "" : channel;
        client = client == null ? "" : client;
        user = user == null ? "" : user;
        name = name == null ? "" : name;
        reason = reason == null ? "" : reason;
    }

    public static HookEvent ofClient(HookType type, String channel, ClientInfo info) {
        return new HookEvent(newId(), type, System.currentTimeMillis(), channel, info.client(), info.user(),
                info.name(), 0, "", null);
    }

    public static HookEvent disconnect(ClientInfo info, int code, String reason) {
        return new HookEvent(newId(), HookType.DISCONNECT, System.currentTimeMillis(), "", info.client(),
                info.user(), info.name(), code, reason, null);
    }

    public static HookEvent publish(String channel, ClientInfo info, Payload data) {
        return new HookEvent(newId(), HookType.PUBLISH, System.currentTimeMillis(), channel, info.client(),
                info.user(), info.name(), 0, "", data);
    }

    /** channel_occupied / channel_vacated. */
    public static HookEvent ofChannel(HookType type, String channel) {
        return new HookEvent(newId(), type, System.currentTimeMillis(), channel, "", "", "", 0, "", null);
    }

    /** member_added / member_removed. */
    public static HookEvent ofMember(HookType type, String channel, String user) {
        return new HookEvent(newId(), type, System.currentTimeMillis(), channel, "", user, "", 0, "", null);
    }

    /** 128 random bits in UUID form; not secret, only unique, so no SecureRandom on WebSocket threads. */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L)
                .toString();
    }
}
