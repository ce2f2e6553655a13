package io.herald.pusher.protocol;

import io.herald.hub.ClientInfo;
import io.herald.hub.Frame;
import io.herald.protocol.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Pusher's watchlist: a user signs in with {@code user_data.watchlist} (up to 100 user ids) and hears
 * {@code online}/{@code offline} events when those users' first connection signs in or their last one
 * goes, cluster-wide. Each signed-in connection is present in its app's hidden presence channel
 * ({@code pusher-presence:{app}/=23watchlist}: {@code #} is no Pusher channel character, so no client can
 * name it); its joins and leaves become the watch events, filtered per connection by its watchlist with
 * the same one-per-user rules as presence members. Every sign-in and last sign-out of an app reaches each
 * signed-in connection of the app on every node (dropped there unless watched): cheap filters, but
 * O(signed-in users) per change.
 */
final class PusherWatchlist {
    /** Pusher's limit on a watchlist. */
    static final int MAX_IDS = 100;
    private static final String SUFFIX = "/=23watchlist";
    private static final String NAMESPACE = "pusher-presence:";

    private PusherWatchlist() {
    }

    static String channel(String app) {
        return NAMESPACE + app + SUFFIX;
    }

    static boolean isWatchlist(String heraldChannel) {
        return heraldChannel.endsWith(SUFFIX) && heraldChannel.startsWith(NAMESPACE);
    }

    /** The watched user ids of a sign-in's {@code user_data}; empty when it has none. */
    static Set<String> ids(JsonObject userData) {
        Set<String> ids = new LinkedHashSet<>();
        if (userData.get("watchlist") instanceof JsonArray list) {
            for (JsonValue v : list) {
                String id = PusherConnection.idOf(v);
                if (id != null && ids.size() < MAX_IDS) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** {@code pusher_internal:watchlist_events} with one event ({@code online} or {@code offline}). */
    static Frame event(String name, Collection<String> userIds) {
        StringBuilder data = new StringBuilder("{\"events\":[{\"name\":");
        JsonText.quote(data, name).append(",\"user_ids\":[");
        boolean first = true;
        for (String id : userIds) {
            if (!first) {
                data.append(',');
            }
            first = false;
            JsonText.quote(data, id);
        }
        data.append("]}]}");
        StringBuilder out = new StringBuilder("{\"event\":\"pusher_internal:watchlist_events\",\"data\":");
        return new Frame.Text(JsonText.quote(out, data.toString()).append('}').toString());
    }

    /** The watched users among those present, for the first event after sign-in. */
    static Set<String> online(Set<String> watched, Collection<ClientInfo> present) {
        Set<String> online = new LinkedHashSet<>();
        present.forEach(p -> {
            if (watched.contains(p.user())) {
                online.add(p.user());
            }
        });
        return online;
    }
}
