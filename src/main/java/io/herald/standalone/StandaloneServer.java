package io.herald.standalone;

import io.herald.app.HeraldApp;
import io.herald.config.HeraldConfig;
import io.herald.hub.Hub;
import io.herald.transport.http.HttpTransports;
import io.herald.websocket.HubDirectory;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The standalone composition root: one {@link HeraldApp} on Grizzly's HttpServer with Tyrus's WebSocket
 * filter, bound to the configured host and port, serving pages, the HTTP API and {@code /ws}. Holds only
 * the Grizzly and Tyrus glue; the application itself is built and closed by {@link HeraldApp}.
 */
public final class StandaloneServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StandaloneServer.class.getName());

    private final HeraldApp app;
    private final HttpServer http;
    private final HeraldTyrusContainer container;
    private final NetworkListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService guardTimer;
    private final UpgradedBypass upgraded;

    private StandaloneServer(HeraldApp app, HttpServer http, HeraldTyrusContainer container, NetworkListener listener,
                             ScheduledExecutorService guardTimer, UpgradedBypass upgraded) {
        this.guardTimer = guardTimer;
        this.upgraded = upgraded;
        this.app = app;
        this.http = http;
        this.container = container;
        this.listener = listener;
    }

    /**
     * Starts a server.
     *
     * @param config the configuration ({@code server.host}/{@code server.port} are used as given)
     * @throws io.herald.config.ConfigException when a security setting (e.g. the TLS keystore) is unusable
     * @param pages  directories served as web pages
     */
    public static StandaloneServer start(HeraldConfig config, List<StaticFiles.Mount> pages) throws IOException {
        SSLEngineConfigurator tls = TlsSetup.engine(config.server().tls());
        HeraldApp app = HeraldApp.start(config);
        HeraldTyrusContainer container = new HeraldTyrusContainer(incomingBufferSize(config), app.handshakeGate());
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("herald", config.server().host(), config.server().port());
        configureTransport(listener.getTransport());
        SendBufferCap.install(listener.getTransport(), config.server().sendBufferBytes());
        TlsSetup.apply(listener, tls);
        // upgraded WebSocket connections must not be cut by HTTP keep-alive; the hub's heartbeat handles idleness
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(webSocketAddOn(container));
        ScheduledThreadPoolExecutor guardTimer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "herald-connection-guard");
            t.setDaemon(true);
            return t;
        });
        guardTimer.setRemoveOnCancelPolicy(true); // a cancelled handshake deadline leaves the queue at once
        ConnectionGuardFilter guard = new ConnectionGuardFilter(config.security().handshakeTimeout(),
                config.limits().maxMessageBytes(), new ConnectionGuardFilter.PingLimit(config.security().pingsPerSecond(),
                config.security().pingBurst()), guardTimer);
        listener.registerAddOn(new ConnectionGuardAddOn(guard));
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(new RootHandler(app, new StaticFiles(pages), guard::streaming));
        http.getServerConfiguration().setDefaultErrorPageGenerator(null);
        try {
            for (Class<?> endpoint : HeraldApp.ENDPOINTS) {
                container.addEndpoint(endpoint);
            }
            app.bind(container);
            if (tls == null) { // with TLS every byte must pass the SSL filter
                HubDirectory.bindDirectFrames(container, GrizzlyDirectFrames.create());
            }
            http.start();
            container.start("", listener.getPort());
        } catch (IOException | jakarta.websocket.DeploymentException | RuntimeException e) {
            http.shutdownNow();
            guardTimer.shutdownNow();
            app.close();
            throw new IOException("Herald failed to start: " + e.getMessage(), e);
        }
        return new StandaloneServer(app, http, container, listener, guardTimer, guard.upgradedBypass());
    }

    /**
     * Tyrus's frame buffer. A frame larger than this is cut off by Tyrus with 1011, so it is kept well
     * above the message limit: messages between the two get the documented 1009 from the session's
     * limit, and the buffer still bounds what a hostile frame can make the server hold.
     */
    private static int incomingBufferSize(HeraldConfig config) {
        return Math.max(config.limits().maxMessageBytes() * 4, 256 * 1024);
    }

    /** Two cores here: a worker pool sized to the machine, not Grizzly's generous default. */
    private static void configureTransport(TCPNIOTransport transport) {
        int cores = Runtime.getRuntime().availableProcessors();
        transport.setIOStrategy(WorkerThreadIOStrategy.getInstance());
        transport.setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("herald-worker").setCorePoolSize(Math.max(2, cores * 2))
                .setMaxPoolSize(Math.max(4, cores * 4)));
        transport.setSelectorRunnersCount(Math.max(1, cores));
        transport.setTcpNoDelay(true);
    }

    /**
     * Tyrus's Grizzly add-on inserts its WebSocket filter before Grizzly's HTTP filter. Its constructor is
     * package-private (the class is public so others can reuse it, see TYRUS-317), hence reflection.
     */
    private static AddOn webSocketAddOn(HeraldTyrusContainer container) throws IOException {
        try {
            var constructor = WebSocketAddOn.class.getDeclaredConstructor(
                    org.glassfish.tyrus.spi.ServerContainer.class, String.class);
            constructor.setAccessible(true);
            return constructor.newInstance(container, "");
        } catch (ReflectiveOperationException e) {
            throw new IOException("incompatible Tyrus version: " + e, e);
        }
    }

    public Hub hub() {
        return app.hub();
    }

    /** The HTTP transports (HTTP-streaming, SSE, emulation) of this server. */
    public HttpTransports transports() {
        return app.transports();
    }

    public int port() {
        return listener.getPort();
    }

    /** Whether the server speaks TLS (https, wss). */
    public boolean secure() {
        return listener.isSecure();
    }

    public String host() {
        return listener.getHost();
    }

    /** How many WebSocket connections were moved off Grizzly's HTTP codec (see {@link UpgradedBypass}). */
    long leanUpgrades() {
        return upgraded.adopted();
    }

    /** The first configured API key (or the generated demo key). */
    public String apiKey() {
        return app.hub().config().apiKeys().get(0);
    }

    /** Stops accepting, closes every client with 1001, stops the hub. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        app.close();
        try {
            http.shutdown(2, java.util.concurrent.TimeUnit.SECONDS).get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "graceful shutdown incomplete: {0}", e.toString());
            http.shutdownNow();
        }
        container.stop();
        guardTimer.shutdownNow();
    }
}
