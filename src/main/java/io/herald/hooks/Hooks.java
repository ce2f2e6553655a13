package io.herald.hooks;

import io.herald.config.ConfigException;
import io.herald.config.HeraldConfig;
import io.herald.config.HooksConfig;
import io.herald.config.PusherApp;
import io.herald.config.PusherConfig;
import io.herald.hooks.occupancy.InMemoryOccupancy;
import io.herald.hooks.occupancy.Occupancy;
import io.herald.hooks.occupancy.RedisOccupancy;
import io.herald.hooks.proxy.ProxyEngine;
import io.herald.hooks.webhook.WebhookEngine;
import io.herald.hooks.webhook.PusherWebhookFormat;
import io.herald.hooks.webhook.WebhookFormat;
import io.herald.hooks.webhook.WebhookTarget;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.hub.redis.RedisSettings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Wires backend hooks into a hub from the config: the webhook engine and, for the cluster-wide events,
 * an occupancy store that matches the broker (in memory for one node, Redis for a cluster), and the
 * proxy that lets the backend decide connects, subscribes, publishes and rpc calls.
 */
public final class Hooks {
    private static final Set<HookType> PUSHER_APP_EVENTS = EnumSet.of(HookType.CHANNEL_OCCUPIED,
            HookType.CHANNEL_VACATED, HookType.MEMBER_ADDED, HookType.MEMBER_REMOVED, HookType.PUBLISH,
            HookType.CACHE_MISS);

    private Hooks() {
    }

    /**
     * Attaches the configured proxy and webhooks to the hub (before metrics are created, which bind
     * the listeners' meters).
     *
     * @return the webhook listener, or null when no webhook target is configured
     * @throws ConfigException for an unknown format or event name
     */
    public static LifecycleHooks attach(Hub hub, HeraldConfig config) {
        HooksConfig hooks = config.hooks();
        List<WebhookTarget> targets = targets(hooks);
        targets.addAll(pusherTargets(config.pusher()));
        if (hooks.proxy().enabled()) {
            hub.observe(new ProxyEngine(hooks.proxy(), hub));
        }
        if (targets.isEmpty()) {
            return null;
        }
        String node = hooks.node().isEmpty() ? hub.nodeId() : hooks.node();
        Optional<RedisSettings> redis = config.engine().redis();
        Duration ttl = redis.map(RedisSettings::presenceTtl).orElse(Duration.ofSeconds(30));
        Occupancy occupancy = redis.<Occupancy>map(r -> new RedisOccupancy(r.shards().get(0), r.password(),
                r.keyPrefix(), r.commandTimeout(), r.presenceTtl())).orElseGet(InMemoryOccupancy::new);
        LifecycleHooks listener = new LifecycleHooks(new WebhookEngine(targets, node), occupancy,
                channel -> membersTracked(hub, channel), hooks.leaveDelay(), ttl.dividedBy(6), hooks.flush());
        hub.observe(listener);
        return listener;
    }

    /** The configured targets, with their format and event names checked. */
    public static List<WebhookTarget> targets(HooksConfig hooks) {
        List<WebhookTarget> targets = new ArrayList<>();
        for (HooksConfig.Webhook w : hooks.webhooks()) {
            WebhookFormat format;
            try {
                format = WebhookEngine.format(w.format());
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(w.path() + ".format", "\"" + w.format() + "\"", "herald or pusher");
            }
            if (w.format().equals("pusher") && w.key().isEmpty()) {
                throw ConfigException.invalid(w.path() + ".key", "\"\"", "the Pusher app key (required for format pusher)");
            }
            targets.add(new WebhookTarget(w.name(), w.url(), w.format(), w.secrets(), w.key(), events(w, format),
                    new LinkedHashSet<>(w.namespaces()), w.batchMaxEvents(), w.batchWindow(), w.timeout(),
                    w.maxAttempts(), w.retryBase(), w.retryMax(), w.queueCapacity()));
        }
        return targets;
    }

    /**
     * One target per Pusher app with a {@code webhookUrl}: Pusher's format signed with the app's key and
     * secret, only that app's channels, every event Pusher's webhooks have. Same engine, same queues and
     * retries as the configured targets.
     */
    public static List<WebhookTarget> pusherTargets(PusherConfig pusher) {
        List<WebhookTarget> targets = new ArrayList<>();
        if (!pusher.enabled()) {
            return targets;
        }
        for (int i = 0; i < pusher.apps().size(); i++) {
            PusherApp app = pusher.apps().get(i);
            if (app.webhookUrl().isEmpty()) {
                continue;
            }
            targets.add(new WebhookTarget("pusher-app-" + app.id(), pusherUrl(i, app.webhookUrl()),
                    PusherWebhookFormat.NAME, List.of(app.secret()), app.key(), PUSHER_APP_EVENTS, Set.of(),
                    100, Duration.ofMillis(50), Duration.ofSeconds(5), 8, Duration.ofMillis(250),
                    Duration.ofSeconds(30), 10_000, app.id()));
        }
        return targets;
    }

    private static URI pusherUrl(int index, String text) {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ConfigException.invalid("pusher.apps[" + index + "].webhookUrl", "\"" + text + "\"", "an http(s) URL");
    }

    /** Default: every event the format knows except client publishes, which a target must ask for. */
    private static Set<HookType> events(HooksConfig.Webhook w, WebhookFormat format) {
        Set<HookType> events = EnumSet.noneOf(HookType.class);
        if (w.events() == null) {
            for (HookType t : HookType.values()) {
                if (t != HookType.PUBLISH && format.supports(t)) {
                    events.add(t);
                }
            }
            return events;
        }
        for (String name : w.events()) {
            HookType t;
            try {
                t = HookType.fromWire(name);
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(w.path() + ".events", "\"" + name + "\"", "event names listed in docs/hooks.md");
            }
            if (!format.supports(t)) {
                throw ConfigException.invalid(w.path() + ".events", "\"" + name + "\"", "an event the "
                        + w.format() + " format has");
            }
            events.add(t);
        }
        return events;
    }

    private static boolean membersTracked(Hub hub, String channel) {
        try {
            return hub.namespaceOf(channel).presence();
        } catch (HubException e) {
            return false;
        }
    }
}
