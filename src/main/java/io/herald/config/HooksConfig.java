package io.herald.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code hooks} section: webhook targets, how leaves are confirmed, and the proxy. Format and event
 * names are checked where they are understood (the hooks package), with the same message format.
 *
 * @param node       the node name in webhook bodies; "" uses the hub's node id
 * @param leaveDelay wait before reporting channel_vacated / member_removed (0 = at once)
 * @param flush      how long queued webhooks may still go out when the node stops
 * @param webhooks   the targets
 * @param proxy      {@code hooks.proxy.*}
 */
public record HooksConfig(String node, Duration leaveDelay, Duration flush, List<Webhook> webhooks, Proxy proxy) {
    private static final Set<String> WEBHOOK_KEYS = Set.of("name", "url", "format", "secrets", "key", "events",
            "namespaces", "batchMaxEvents", "batchWindowMillis", "timeoutMillis", "maxAttempts", "retryBaseMillis",
            "retryMaxMillis", "queueCapacity");

    public HooksConfig {
        webhooks = List.copyOf(webhooks);
    }

    /**
     * One webhook target ({@code hooks.webhooks[i]}); keys left out take the defaults in docs/hooks.md.
     *
     * @param path   the item's config path, for messages
     * @param events the listed event names, or null for the format's default set
     */
    public record Webhook(String path, String name, URI url, String format, List<String> secrets, String key,
                          List<String> events, List<String> namespaces, int batchMaxEvents, Duration batchWindow,
                          Duration timeout, int maxAttempts, Duration retryBase, Duration retryMax, int queueCapacity) {
    }

    /**
     * {@code hooks.proxy}: the URLs asked to decide client commands (null = not proxied).
     *
     * @param subscribe URL per namespace for {@code subscribe}
     * @param publish   URL per namespace for client {@code publish}
     * @param headers   handshake headers forwarded on connect, lower case
     */
    public record Proxy(URI connect, URI refresh, URI rpc, Map<String, URI> subscribe, Map<String, URI> publish,
                        Duration timeout, List<String> headers, int maxResponseBytes, int maxInFlight) {
        public Proxy {
            subscribe = Map.copyOf(subscribe);
            publish = Map.copyOf(publish);
            headers = List.copyOf(headers);
        }

        public boolean enabled() {
            return connect != null || refresh != null || rpc != null || !subscribe.isEmpty() || !publish.isEmpty();
        }
    }

    static HooksConfig from(ConfigNode n) {
        List<Webhook> webhooks = new java.util.ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : n.objects("webhooks")) {
            Webhook w = webhook(item);
            if (!names.add(w.name())) {
                throw item.invalid("name", "a name no other webhook has");
            }
            webhooks.add(w);
        }
        return new HooksConfig(n.string("node"), n.millis("leaveDelayMillis", 0, 600_000),
                n.millis("flushMillis", 0, 60_000), webhooks, proxy(n.node("proxy")));
    }

    private static Webhook webhook(ConfigNode w) {
        w.requireOnly(WEBHOOK_KEYS);
        if (!w.has("url")) {
            throw ConfigException.invalid(w.path("url"), "missing", "an http(s) URL");
        }
        if (!w.has("secrets")) {
            throw ConfigException.invalid(w.path("secrets"), "missing", "one or two secrets of at least 16 characters");
        }
        List<String> secrets = w.strings("secrets", 16);
        if (secrets.isEmpty() || secrets.size() > 2) {
            throw w.invalid("secrets", "one or two secrets of at least 16 characters (two while rotating)");
        }
        String path = w.path("x").substring(0, w.path("x").length() - 2);
        return new Webhook(path, opt(w, "name", "webhook"), url(w, "url"), opt(w, "format", "herald"), secrets,
                opt(w, "key", ""), w.has("events") ? w.strings("events", 1) : null,
                w.has("namespaces") ? w.strings("namespaces", 0) : List.of(),
                w.has("batchMaxEvents") ? w.integer("batchMaxEvents", 1, 10_000) : 100,
                w.has("batchWindowMillis") ? w.millis("batchWindowMillis", 0, 10_000) : Duration.ofMillis(50),
                w.has("timeoutMillis") ? w.millis("timeoutMillis", 100, 120_000) : Duration.ofSeconds(5),
                w.has("maxAttempts") ? w.integer("maxAttempts", 1, 100) : 8,
                w.has("retryBaseMillis") ? w.millis("retryBaseMillis", 1, 60_000) : Duration.ofMillis(250),
                w.has("retryMaxMillis") ? w.millis("retryMaxMillis", 1, 3_600_000) : Duration.ofSeconds(30),
                w.has("queueCapacity") ? w.integer("queueCapacity", 1, 10_000_000) : 10_000);
    }

    private static Proxy proxy(ConfigNode p) {
        List<String> headers = new java.util.ArrayList<>();
        for (String h : p.strings("headers", 1)) {
            headers.add(h.toLowerCase(Locale.ROOT));
        }
        return new Proxy(optUrl(p, "connectUrl"), optUrl(p, "refreshUrl"), optUrl(p, "rpcUrl"), routes(p, "subscribe"),
                routes(p, "publish"), p.millis("timeoutMillis", 50, 60_000), headers,
                p.integer("maxResponseBytes", 256, 16 * 1024 * 1024), p.integer("maxInFlight", 1, 1_000_000));
    }

    /** {@code [{"namespaces": ["chat"], "url": "..."}]} to namespace -> URL. */
    private static Map<String, URI> routes(ConfigNode p, String key) {
        Map<String, URI> routes = new LinkedHashMap<>();
        for (ConfigNode route : p.objects(key)) {
            route.requireOnly(Set.of("namespaces", "url"));
            URI url = url(route, "url");
            for (String ns : route.strings("namespaces", 0)) {
                if (routes.put(ns, url) != null) {
                    throw route.invalid("namespaces", "namespaces routed once (\"" + ns + "\" is listed twice)");
                }
            }
        }
        return routes;
    }

    private static String opt(ConfigNode n, String key, String fallback) {
        return n.has(key) ? n.string(key) : fallback;
    }

    private static URI optUrl(ConfigNode n, String key) {
        return n.string(key).isEmpty() ? null : url(n, key);
    }

    private static URI url(ConfigNode n, String key) {
        String text = n.string(key);
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw n.invalid(key, "an http(s) URL");
    }
}
