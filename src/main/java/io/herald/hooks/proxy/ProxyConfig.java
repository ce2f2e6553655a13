package io.herald.hooks.proxy;

import io.herald.config.ConfigException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code hooks.proxy} section: which client commands the application's backend decides.
 *
 * @param connect          URL asked on {@code connect} without a token, or null
 * @param refresh          URL asked before a proxied connection expires, or null
 * @param rpc              URL answering {@code rpc} commands, or null
 * @param subscribe        URL per namespace asked on {@code subscribe}
 * @param publish          URL per namespace asked on client {@code publish}
 * @param timeout          one call's whole timeout
 * @param headers          handshake headers forwarded on connect (lower case; {@code cookie} forwards cookies)
 * @param maxResponseBytes a longer answer is treated as a failed call
 * @param maxInFlight      calls waiting for the backend on this node; more fail at once with {@code unavailable}
 */
public record ProxyConfig(URI connect, URI refresh, URI rpc, Map<String, URI> subscribe, Map<String, URI> publish,
                          Duration timeout, List<String> headers, int maxResponseBytes, int maxInFlight) {
    private static final Set<String> KEYS = Set.of("connectUrl", "refreshUrl", "rpcUrl", "subscribe", "publish",
            "timeoutMillis", "headers", "maxResponseBytes", "maxInFlight");

    public ProxyConfig {
        subscribe = Map.copyOf(subscribe);
        publish = Map.copyOf(publish);
        headers = List.copyOf(headers);
    }

    public boolean enabled() {
        return connect != null || refresh != null || rpc != null || !subscribe.isEmpty() || !publish.isEmpty();
    }

    /** Reads {@code hooks.proxy}; absent means no proxy. */
    public static ProxyConfig from(JsonObject hooks) {
        JsonValue v = hooks == null ? null : hooks.get("proxy");
        if (v == null) {
            return new ProxyConfig(null, null, null, Map.of(), Map.of(), Duration.ofSeconds(3),
                    List.of("cookie"), 65_536, 1_000);
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ConfigException("config key 'hooks.proxy' must be an object");
        }
        JsonObject p = v.asJsonObject();
        for (String key : p.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException("unknown config key 'hooks.proxy." + key + "'");
            }
        }
        List<String> headers = new ArrayList<>();
        for (String h : strings(p, "headers", List.of("cookie"))) {
            headers.add(h.toLowerCase(Locale.ROOT));
        }
        return new ProxyConfig(url(p, "connectUrl"), url(p, "refreshUrl"), url(p, "rpcUrl"), routes(p, "subscribe"),
                routes(p, "publish"), Duration.ofMillis(num(p, "timeoutMillis", 3_000, 50, 60_000)), headers,
                (int) num(p, "maxResponseBytes", 65_536, 256, 16 * 1024 * 1024),
                (int) num(p, "maxInFlight", 1_000, 1, 1_000_000));
    }

    /** {@code [{"namespaces": ["chat"], "url": "..."}]} to a namespace -> URL map. */
    private static Map<String, URI> routes(JsonObject p, String key) {
        Map<String, URI> routes = new LinkedHashMap<>();
        JsonValue v = p.get(key);
        if (v == null) {
            return routes;
        }
        if (!(v instanceof JsonArray a)) {
            throw new ConfigException("config key 'hooks.proxy." + key + "' must be an array of {namespaces, url}");
        }
        for (int i = 0; i < a.size(); i++) {
            String path = "hooks.proxy." + key + "[" + i + "]";
            if (a.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ConfigException("config key '" + path + "' must be an object");
            }
            JsonObject route = a.getJsonObject(i);
            if (!Set.of("namespaces", "url").containsAll(route.keySet())) {
                throw new ConfigException("config key '" + path + "' takes only namespaces and url");
            }
            URI url = url(route, "url");
            if (url == null) {
                throw new ConfigException("config key '" + path + ".url' is required");
            }
            for (String ns : strings(route, "namespaces", List.of())) {
                if (routes.put(ns, url) != null) {
                    throw new ConfigException("config key '" + path + "': namespace '" + ns + "' is routed twice");
                }
            }
        }
        return routes;
    }

    private static URI url(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || (v instanceof JsonString s && s.getString().isEmpty())) {
            return null;
        }
        String text = v instanceof JsonString s ? s.getString() : String.valueOf(v);
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException("config key '" + key + "' must be an http(s) URL, got '" + text + "'");
    }

    private static List<String> strings(JsonObject o, String key, List<String> fallback) {
        JsonValue v = o.get(key);
        if (v == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            for (JsonValue item : a) {
                if (item instanceof JsonString s) {
                    out.add(s.getString());
                    continue;
                }
                throw new ConfigException("config key '" + key + "' must be an array of strings");
            }
            return out;
        }
        throw new ConfigException("config key '" + key + "' must be an array of strings");
    }

    private static long num(JsonObject o, String key, long fallback, long min, long max) {
        JsonValue v = o.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < min || n.longValue() > max) {
            throw new ConfigException("config key 'hooks.proxy." + key + "' must be an integer between " + min
                    + " and " + max + ", got " + v);
        }
        return n.longValue();
    }
}
