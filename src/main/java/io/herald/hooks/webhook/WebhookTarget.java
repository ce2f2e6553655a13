package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;
import io.herald.hooks.HookType;
import io.herald.hub.ChannelName;
import io.herald.pusher.PusherChannel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One backend URL that receives webhooks, with its format, secrets and which events it wants.
 *
 * @param name           label in logs and metrics
 * @param url            where batches are POSTed
 * @param format         {@link HeraldWebhookFormat#NAME} or {@link PusherWebhookFormat#NAME}
 * @param secrets        one or two signing secrets (two while rotating: the backend accepts either)
 * @param key            the Pusher app key sent in {@code X-Pusher-Key}; empty for the Herald format
 * @param events         the event types sent to this URL
 * @param namespaces     the namespaces whose channel events are sent; empty means all ("" is the default
 *                       namespace). Connect and disconnect have no channel and are not filtered.
 * @param batchMaxEvents most events in one request
 * @param batchWindow    how long the first event of a batch waits for others
 * @param timeout        one request's whole timeout (connect to response)
 * @param maxAttempts    tries of one batch before it is dropped (counted)
 * @param retryBase      the first retry's backoff; each further retry doubles it, with jitter
 * @param retryMax       the longest backoff
 * @param queueCapacity  events waiting for this URL on this node; when full the oldest is dropped (counted)
 * @param pusherApp      the id of the Pusher app this target belongs to, or "" for a configured target: an
 *                       app's target gets only the channel events of that app's channels, named as its
 *                       clients name them ({@code presence-room}, not {@code pusher-presence:42/presence-room})
 */
public record WebhookTarget(String name, URI url, String format, List<String> secrets, String key,
                            Set<HookType> events, Set<String> namespaces, int batchMaxEvents,
                            Duration batchWindow, Duration timeout, int maxAttempts, Duration retryBase,
                            Duration retryMax, int queueCapacity, String pusherApp) {
    public WebhookTarget {
        pusherApp = pusherApp == null ? "" : pusherApp;
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        secrets = List.copyOf(secrets);
        if (secrets.isEmpty() || secrets.size() > 2) {
            throw new IllegalArgumentException("a webhook needs one or two secrets");
        }
        key = key == null ? "" : key;
        events = Set.copyOf(events);
        namespaces = Set.copyOf(namespaces);
        if (batchMaxEvents < 1 || maxAttempts < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("batchMaxEvents, maxAttempts and queueCapacity must be >= 1");
        }
    }

    /** A configured target (not a Pusher app's). */
    public WebhookTarget(String name, URI url, String format, List<String> secrets, String key, Set<HookType> events,
                         Set<String> namespaces, int batchMaxEvents, Duration batchWindow, Duration timeout,
                         int maxAttempts, Duration retryBase, Duration retryMax, int queueCapacity) {
        this(name, url, format, secrets, key, events, namespaces, batchMaxEvents, batchWindow, timeout, maxAttempts,
                retryBase, retryMax, queueCapacity, "");
    }

    /**
     * Whether this target wants the event (type listed; channel events only from its namespaces, or for a
     * Pusher app's target only from that app's channels, its user channels excepted).
     */
    public boolean wants(HookEvent event) {
        if (!events.contains(event.type())) {
            return false;
        }
        if (!pusherApp.isEmpty()) {
            PusherChannel channel = event.type().hasChannel() ? PusherChannel.fromHerald(event.channel()) : null;
            return channel != null && channel.app().equals(pusherApp) && channel.kind() != PusherChannel.Kind.USER;
        }
        if (!event.type().hasChannel() || namespaces.isEmpty()) {
            return true;
        }
        return namespaces.contains(ChannelName.parse(event.channel(), Integer.MAX_VALUE).namespace());
    }
}
