package io.herald.hooks;

import java.util.Locale;

/** The lifecycle events Herald reports to backends, with their wire names. */
public enum HookType {
    CONNECT,
    DISCONNECT,
    SUBSCRIBE,
    UNSUBSCRIBE,
    CHANNEL_OCCUPIED,
    CHANNEL_VACATED,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    /** A client's publish, for namespaces whose webhook target lists it. */
    PUBLISH,
    /** A subscriber of a Pusher cache channel found no cached event (Pusher's format only). */
    CACHE_MISS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not an event */
    public static HookType fromWire(String name) {
        for (HookType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event '" + name + "'");
    }

    /** Whether the event belongs to a channel (and so to its namespace's routing). */
    public boolean hasChannel() {
        return this != CONNECT && this != DISCONNECT;
    }
}
