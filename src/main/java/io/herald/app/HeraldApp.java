package io.herald.app;

import io.herald.config.HeraldConfig;
import io.herald.config.SecurityConfig;
import io.herald.http.ApiHandler;
import io.herald.http.OpsEndpoints;
import io.herald.http.PathGuard;
import io.herald.http.Version;
import io.herald.hub.Hub;
import io.herald.metrics.HeraldMetrics;
import io.herald.pusher.PusherService;
import io.herald.pusher.http.PusherApi;
import io.herald.pusher.websocket.PusherDirectory;
import io.herald.pusher.websocket.PusherEndpoint;
import io.herald.security.HandshakeGate;
import io.herald.hub.redis.RedisNodeBus;
import io.herald.transport.http.BusForwarder;
import io.herald.transport.http.HttpTransports;
import io.herald.websocket.HeraldEndpoint;
import io.herald.websocket.HubDirectory;
import jakarta.websocket.WebSocketContainer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one assembly of Herald: from a {@link HeraldConfig} it builds the hub, its engine, security,
 * metrics and the container-neutral HTTP handlers, and {@link #close()} takes them down in order. Both
 * composition roots ({@code bootstrap.HeraldBootstrap} in a servlet container, {@code standalone.StandaloneServer}
 * on Grizzly) start one and add only their container glue.
 *
 * <h2>Where a new feature plugs in</h2>
 * <ol>
 *   <li>Configuration: a section record in {@code io.herald.config} (see its package documentation).</li>
 *   <li>Components with a lifecycle (an engine, a webhook sender): build them in {@link #start} from
 *       {@code config} and {@link #own} them; they are closed in reverse order after the hub drained.</li>
 *   <li>WebSocket endpoints: annotated classes listed in {@link #ENDPOINTS}. The standalone root deploys the
 *       list; servlet containers find the same classes by their {@code @ServerEndpoint} annotation (a test
 *       keeps the list and the annotated classes equal). Endpoints find the hub through {@link HubDirectory}.</li>
 *   <li>HTTP endpoints: a container-neutral handler in {@code io.herald.http} exposed here (like {@link #api()}),
 *       mapped once for servlet containers in {@code io.herald.servlet.HeraldServlets} and once for
 *       standalone in {@code io.herald.standalone.RootHandler}.</li>
 * </ol>
 */
public final class HeraldApp implements AutoCloseable {
    /** Every WebSocket endpoint of the application (see the class documentation, point 3). */
    public static final List<Class<?>> ENDPOINTS = List.of(HeraldEndpoint.class, PusherEndpoint.class);

    private final HeraldConfig config;
    private final Hub hub;
    private final HeraldMetrics metrics;
    private final HandshakeGate gate;
    private final PathGuard paths;
    private final ApiHandler api;
    private final OpsEndpoints ops;
    private final PusherService pusher;
    private final PusherApi pusherApi;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebSocketContainer container;
    private HttpTransports transports;

    private HeraldApp(HeraldConfig config, Hub hub) {
        this.config = config.withHub(hub.config()); // with the demo key, if one was made up
        this.hub = hub;
        this.metrics = HeraldMetrics.create(hub, config.ops().metricsEnabled(), Version.get());
        SecurityConfig security = config.security();
        this.gate = HandshakeGate.of(security, io.herald.security.TrustedProxies.of(security.trustedProxies()));
        this.paths = new PathGuard(security.adminPaths(), security.adminKeys(), security.metricsKeys(),
                hub.config().apiKeys());
        this.api = new ApiHandler(hub);
        this.ops = new OpsEndpoints(hub, metrics);
        this.pusher = config.pusher().enabled() ? new PusherService(hub, config.pusher()) : null;
        this.pusherApi = pusher == null ? null : new PusherApi(pusher);
    }

    /**
     * Builds everything (the engine last, as it opens connections).
     *
     * @throws io.herald.config.ConfigException when a setting is unusable (e.g. the Redis shards)
     */
    public static HeraldApp start(HeraldConfig config) {
        HeraldConfig withDemos = config.withPusher(config.pusher().withDemoAppIfNone());
        HeraldApp app = new HeraldApp(withDemos, HubFactory.create(withDemos));
        // new features: build their components here from app.config and app.own(...) them
        app.transports = app.own(new HttpTransports(app.hub, app.config.transports(), app.gate));
        if (app.pusher != null) {
            app.own(app.pusher.startSubscriptionCounts());
        }
        // in a cluster, emulation POSTs reach the stream's node over Redis (no sticky sessions), and the
        // Pusher HTTP API asks every node for its channels and the connections to terminate
        boolean transports = app.config.transports().enabled();
        app.config.engine().redis().filter(r -> transports || app.pusher != null).ifPresent(redis -> {
            RedisNodeBus bus = app.own(RedisNodeBus.start(app.hub.nodeId(), redis));
            if (transports) {
                BusForwarder.install(app.transports, bus);
            }
            if (app.pusher != null) {
                app.pusher.joinCluster(bus);
            }
        });
        return app;
    }

    /** Closes {@code component} with the application (reverse order of registration), after the hub drained. */
    public <T extends AutoCloseable> T own(T component) {
        owned.push(component);
        return component;
    }

    /** Makes the hub reachable for the WebSocket endpoints deployed in {@code webSockets}; undone by {@link #close()}. */
    public void bind(WebSocketContainer webSockets) {
        HubDirectory.bind(webSockets, hub);
        if (pusher != null) {
            PusherDirectory.bind(webSockets, pusher);
        }
        this.container = webSockets;
    }

    /** The configuration as started (with the generated demo API key when none was configured). */
    public HeraldConfig config() {
        return config;
    }

    public Hub hub() {
        return hub;
    }

    public HeraldMetrics metrics() {
        return metrics;
    }

    /** The origin and per-address checks every WebSocket handshake passes. */
    /**
     * The principal that carries a handshake's resolved client address to its WebSocket session (the
     * servlet filter sets it on the upgrade request; see {@link io.herald.websocket.HandshakeAddress}).
     */
    public static java.security.Principal handshakePrincipal(String clientAddress) {
        return new io.herald.websocket.HandshakeAddress(clientAddress);
    }

    public HandshakeGate handshakeGate() {
        return gate;
    }

    /** The credentials of the admin pages and {@code /metrics}. */
    public PathGuard pathGuard() {
        return paths;
    }

    /** The HTTP API ({@code /api/*}). */
    public ApiHandler api() {
        return api;
    }

    /** The HTTP transports ({@code /stream}, {@code /sse}, {@code /emulation}), container-neutral. */
    public HttpTransports transports() {
        return transports;
    }

    /** The Pusher protocol of this deployment ({@code /app/{key}}, {@code /apps/...}), or null when it is off. */
    public PusherService pusher() {
        return pusher;
    }

    /** The Pusher HTTP API ({@code /apps/*}), or null when the Pusher protocol is off. */
    public PusherApi pusherApi() {
        return pusherApi;
    }

    /** The operations endpoints ({@code /health*}, {@code /metrics}). */
    public OpsEndpoints ops() {
        return ops;
    }

    /**
     * Closes every client with 1001 over the drain window, waits for the closes still being sent, closes
     * the owned components, then metrics. Idempotent; the roots stop their servers after it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        hub.close(config.ops().shutdownDrain());
        WebSocketContainer bound = container;
        if (bound != null) {
            HubDirectory.unbind(bound); // waits for the closes still being sent, then stops their threads
            PusherDirectory.unbind(bound);
        }
        while (!owned.isEmpty()) {
            AutoCloseable component = owned.pop();
            try {
                component.close();
            } catch (Exception e) {
                System.getLogger(HeraldApp.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + component + " failed", e);
            }
        }
        metrics.close();
    }
}
