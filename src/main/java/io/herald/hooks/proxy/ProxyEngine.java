package io.herald.hooks.proxy;

import io.herald.config.HooksConfig;
import io.herald.hub.ChannelName;
import io.herald.hub.ClientInfo;
import io.herald.hub.ClientSession;
import io.herald.hub.DaemonThreads;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.hub.HubObserver;
import io.herald.hub.Payload;
import io.herald.protocol.JsonText;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the application's backend to decide client commands: connect (from the handshake's cookies and
 * allow-listed headers), subscribe and publish per namespace, rpc, and refresh of proxied connections
 * before they expire. Request and answer formats are in docs/hooks.md.
 *
 * <p>Attached to the hub as a listener so the WebSocket edge can find it ({@link #of}) and so refreshes
 * stop when their connection ends. Thread-safe; every call returns at once with a future.
 */
public final class ProxyEngine implements HubObserver, MeterBinder {
    private static final System.Logger LOG = System.getLogger(ProxyEngine.class.getName());
    /** Largest connection info kept: it travels with every presence entry, join, leave and publication. */
    public static final int MAX_CONN_INFO = 4096;
    /** Most server-side channels one connect result may grant (the per-connection limit applies too). */
    public static final int MAX_CHANNELS = 128;

    private final HooksConfig.Proxy config;
    private final ProxyClient client;
    private final Hub hub;
    private final Map<String, ScheduledFuture<?>> refreshes = new ConcurrentHashMap<>();
    private final DaemonThreads threads = DaemonThreads.named("herald-proxy-refresh");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads);

    public ProxyEngine(HooksConfig.Proxy config, Hub hub) {
        this.config = config;
        this.hub = hub;
        this.client = new ProxyClient(config.timeout(), config.maxResponseBytes(), config.maxInFlight());
    }

    /** The hub's proxy, or null when none is configured. */
    public static ProxyEngine of(Hub hub) {
        for (HubObserver l : hub.observers()) {
            if (l instanceof ProxyEngine p) {
                return p;
            }
        }
        return null;
    }

    public boolean proxiesConnect() {
        return config.connect() != null;
    }

    public boolean proxiesRpc() {
        return config.rpc() != null;
    }

    public boolean proxiesSubscribe(String channel) {
        return route(config.subscribe(), channel) != null;
    }

    public boolean proxiesPublish(String channel) {
        return route(config.publish(), channel) != null;
    }

    private static URI route(Map<String, URI> routes, String channel) {
        if (routes.isEmpty()) {
            return null;
        }
        try {
            return routes.get(ChannelName.parse(channel, Integer.MAX_VALUE).namespace());
        } catch (HubException e) {
            return null;
        }
    }

    /** Asks who this connection is, forwarding the allow-listed handshake headers. */
    public CompletableFuture<ProxyReply> connect(ClientSession session, String name, Map<String, List<String>> headers) {
        StringBuilder b = new StringBuilder(256).append("{\"client\":");
        JsonText.quote(b, session.id()).append(",\"transport\":");
        JsonText.quote(b, session.transportKind()).append(",\"protocol\":\"herald.v1\",\"remote\":");
        JsonText.quote(b, session.remoteAddress()).append(",\"name\":");
        JsonText.quote(b, name == null ? "" : name).append(",\"headers\":{");
        boolean first = true;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String key = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!config.headers().contains(key) || h.getValue() == null || h.getValue().isEmpty()) {
                continue;
            }
            b.append(first ? "" : ",");
            first = false;
            JsonText.quote(b, key).append(':');
            JsonText.quote(b, String.join(key.equals("cookie") ? "; " : ", ", h.getValue()));
        }
        return client.call("connect", config.connect(), b.append("}}").toString(), true);
    }

    public CompletableFuture<ProxyReply> subscribe(ClientSession session, String channel) {
        return client.call("subscribe", route(config.subscribe(), channel), who(session).append(",\"channel\":")
                .append(JsonText.quote(channel)).append('}').toString(), true);
    }

    public CompletableFuture<ProxyReply> publish(ClientSession session, String channel, Payload data) {
        StringBuilder b = who(session).append(",\"channel\":").append(JsonText.quote(channel));
        return client.call("publish", route(config.publish(), channel), data(b, data).append('}').toString(), false);
    }

    public CompletableFuture<ProxyReply> rpc(ClientSession session, String method, Payload data) {
        StringBuilder b = who(session).append(",\"method\":").append(JsonText.quote(method));
        return client.call("rpc", config.rpc(), data(b, data).append('}').toString(), false);
    }

    private static StringBuilder who(ClientSession session) {
        StringBuilder b = new StringBuilder(192).append("{\"client\":");
        JsonText.quote(b, session.id()).append(",\"user\":");
        return JsonText.quote(b, session.info().user());
    }

    private static StringBuilder data(StringBuilder b, Payload data) {
        if (data == null) {
            return b.append(",\"data\":null");
        }
        if (data.isBinary()) {
            return b.append(",\"dataBase64\":").append(JsonText.quote(Base64.getEncoder().encodeToString(data.bytesUnsafe())));
        }
        return b.append(",\"data\":").append(data.json());
    }

    /**
     * The connect result's {@code info} (any JSON value, at most {@value #MAX_CONN_INFO} characters as
     * JSON) as text, or "" when absent or null; larger info is dropped (logged), the connect succeeds.
     */
    public static String connInfo(ProxyReply reply) {
        JsonValue info = reply.result().get("info");
        if (info == null || info.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        String text = info.toString();
        if (text.length() > MAX_CONN_INFO) {
            LOG.log(System.Logger.Level.WARNING, "connect proxy info of {0} characters dropped (limit {1})",
                    text.length(), MAX_CONN_INFO);
            return "";
        }
        return text;
    }

    /** The connect result's {@code channels}: the channels to subscribe server-side (strings; others ignored). */
    public static List<String> channels(ProxyReply reply) {
        if (!(reply.result().get("channels") instanceof JsonArray array)) {
            return List.of();
        }
        List<String> channels = new ArrayList<>();
        for (JsonValue v : array) {
            if (v instanceof JsonString s && channels.size() < MAX_CHANNELS) {
                channels.add(s.getString());
            }
        }
        return channels;
    }

    /** {@code expiresAt} (epoch seconds) of a result, as epoch millis; 0 = never. */
    public static long expiresAtMillis(ProxyReply reply) {
        return reply.result().get("expiresAt") instanceof JsonNumber n ? Math.max(0, n.longValue() * 1000) : 0;
    }

    /**
     * Asks the refresh URL to extend a proxied connection shortly before it expires (a fifth of its
     * remaining life ahead, at least a second). Refused: the connection expires and is closed with 4004.
     * Unreachable: asked once more a second later, while it has not expired.
     */
    public void scheduleRefresh(ClientSession session, long expiresAtMillis) {
        if (config.refresh() == null || expiresAtMillis <= 0) {
            return;
        }
        long left = expiresAtMillis - System.currentTimeMillis();
        long at = Math.max(0, left - Math.max(1_000, left / 5));
        schedule(session, at, expiresAtMillis);
    }

    private void schedule(ClientSession session, long delayMillis, long expiresAtMillis) {
        try {
            refreshes.put(session.id(), timer.schedule(() -> refresh(session, expiresAtMillis), delayMillis,
                    TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private void refresh(ClientSession session, long expiresAtMillis) {
        if (session.state() != ClientSession.State.CONNECTED) {
            return;
        }
        client.call("refresh", config.refresh(), who(session).append('}').toString(), true).thenAccept(reply -> {
            if (reply.outcome() == ProxyReply.Outcome.OK && expiresAtMillis(reply) != 0) {
                long next = expiresAtMillis(reply);
                hub.extendExpiry(session, next);
                scheduleRefresh(session, next);
            } else if (reply.outcome() == ProxyReply.Outcome.UNAVAILABLE
                    && expiresAtMillis - System.currentTimeMillis() > 1_000) {
                schedule(session, 1_000, expiresAtMillis);
            } else if (reply.outcome() == ProxyReply.Outcome.OK) {
                hub.extendExpiry(session, 0);
            } else {
                LOG.log(System.Logger.Level.INFO, "refresh refused for client {0}: it expires", session.id());
            }
        });
    }

    @Override
    public void disconnected(ClientInfo client, int code, String reason) {
        ScheduledFuture<?> f = refreshes.remove(client.client());
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        client.bindTo(registry);
    }

    @Override
    public void hubClosed() {
        threads.stop(timer, Duration.ofSeconds(2));
    }
}
