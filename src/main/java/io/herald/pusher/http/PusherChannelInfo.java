package io.herald.pusher.http;

import io.herald.http.ApiResponse;
import io.herald.hub.ClientInfo;
import io.herald.hub.Hub;
import io.herald.protocol.JsonText;
import io.herald.config.PusherApp;
import io.herald.pusher.PusherChannel;
import io.herald.pusher.PusherCluster;
import io.herald.pusher.PusherService;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The read side of Pusher's HTTP API: occupied channels, one channel's info, a presence channel's users.
 * Presence channels are answered from the presence store, other channels from every node's subscriptions
 * ({@link PusherCluster}): the same answer whichever node of a cluster is asked.
 */
final class PusherChannelInfo {

    private PusherChannelInfo() {
    }

    static ApiResponse list(PusherService service, PusherApp app, String prefix, String info) {
        Hub hub = service.hub();
        Set<String> wanted = attributes(info);
        String filter = prefix == null ? "" : prefix;
        if (wanted.contains("user_count") && !filter.startsWith("presence-")) {
            return PusherApi.text(400, "user_count is only available with filter_by_prefix=presence-");
        }
        Map<String, PusherChannel> listed = new TreeMap<>(); // by Pusher name, as a reader expects
        for (String herald : service.cluster().channels(app.id()).keySet()) {
            PusherChannel channel = PusherChannel.fromHerald(herald);
            if (channel != null && channel.kind() != PusherChannel.Kind.USER && channel.name().startsWith(filter)) {
                listed.put(channel.name(), channel);
            }
        }
        StringBuilder out = new StringBuilder("{\"channels\":{");
        boolean first = true;
        for (PusherChannel channel : listed.values()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.quote(out, channel.name()).append(":{");
            if (wanted.contains("user_count")) {
                out.append("\"user_count\":").append(users(hub.server().presence(channel.heraldName()).values()).size());
            }
            out.append('}');
        }
        return ApiResponse.ok(out.append("}}").toString());
    }

    static ApiResponse one(PusherService service, PusherApp app, String name, String info) {
        Hub hub = service.hub();
        PusherChannel channel = PusherChannel.parse(app.id(), name);
        if (channel == null) {
            return PusherApi.text(400, "invalid channel name");
        }
        Set<String> wanted = attributes(info);
        boolean presence = channel.kind() == PusherChannel.Kind.PRESENCE;
        if (wanted.contains("user_count") && !presence) {
            return PusherApi.text(400, "user_count is only available for presence channels");
        }
        String herald = channel.heraldName();
        int subscriptions;
        int users = 0;
        if (presence) {
            Collection<ClientInfo> present = hub.server().presence(herald).values();
            subscriptions = present.size();
            users = users(present).size();
        } else {
            subscriptions = service.cluster().channels(app.id()).getOrDefault(herald, 0);
        }
        StringBuilder out = new StringBuilder("{\"occupied\":").append(subscriptions > 0);
        if (wanted.contains("user_count")) {
            out.append(",\"user_count\":").append(users);
        }
        if (wanted.contains("subscription_count")) {
            out.append(",\"subscription_count\":").append(subscriptions);
        }
        return ApiResponse.ok(out.append('}').toString());
    }

    static ApiResponse users(Hub hub, PusherApp app, String name) {
        PusherChannel channel = PusherChannel.parse(app.id(), name);
        if (channel == null || channel.kind() != PusherChannel.Kind.PRESENCE) {
            return PusherApi.text(400, "users are only available for presence channels");
        }
        StringBuilder out = new StringBuilder("{\"users\":[");
        boolean first = true;
        for (String user : users(hub.server().presence(channel.heraldName()).values())) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.quote(out.append("{\"id\":"), user).append('}');
        }
        return ApiResponse.ok(out.append("]}").toString());
    }

    private static Set<String> users(Collection<ClientInfo> present) {
        Set<String> users = new LinkedHashSet<>();
        present.forEach(p -> users.add(p.user()));
        return users;
    }

    private static Set<String> attributes(String info) {
        if (info == null || info.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(List.copyOf(Arrays.asList(info.split(","))));
    }
}
