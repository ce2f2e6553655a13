package io.herald.config;

import java.util.Objects;

/**
 * One Pusher application: its credentials, its own channel space and its limits.
 *
 * @param id                   the app id of the HTTP API path ({@code /apps/{id}/...})
 * @param key                  the public key clients connect with ({@code /app/{key}})
 * @param secret               signs channel auth, sign-in and HTTP API requests
 * @param maxEventBytes        largest event data (HTTP API: 413 past it; a client event past it gets an error)
 * @param clientEventsPerSecond client events one connection may send per second (past it: error 4301)
 * @param webhookUrl           where this app's webhooks go, or "" for none (delivered by the webhook engine)
 * @param recovery             whether the Herald recovery extension ({@code herald_since}) is offered
 * @param subscriptionCount    whether subscribers of public and private channels get
 *                             {@code pusher_internal:subscription_count} when the cluster-wide count changes
 */
public record PusherApp(String id, String key, String secret, int maxEventBytes, int clientEventsPerSecond,
                        String webhookUrl, boolean recovery, boolean subscriptionCount) {
    public static final int DEFAULT_MAX_EVENT_BYTES = 10_240;
    public static final int DEFAULT_CLIENT_EVENTS_PER_SECOND = 10;

    public PusherApp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
        webhookUrl = webhookUrl == null ? "" : webhookUrl;
    }

    /** An app with the default limits. */
    public static PusherApp of(String id, String key, String secret) {
        return new PusherApp(id, key, secret, DEFAULT_MAX_EVENT_BYTES, DEFAULT_CLIENT_EVENTS_PER_SECOND, "", false,
                false);
    }

    @Override
    public String toString() {
        return "PusherApp[id=" + id + ", key=" + key + "]"; // never the secret
    }
}
