package io.herald.bootstrap;

import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;
import io.herald.config.OpsConfig;
import io.herald.http.PathGuard;
import io.herald.hub.Hub;
import io.herald.metrics.HeraldMetrics;
import io.herald.pusher.PusherConfig;
import io.herald.pusher.PusherService;
import io.herald.pusher.http.PusherApi;
import io.herald.pusher.http.PusherServlet;
import io.herald.pusher.websocket.PusherDirectory;
import io.herald.security.HandshakeGate;
import io.herald.security.SecurityConfig;
import io.herald.websocket.HubDirectory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/**
 * The WAR's composition root in Tomcat and GlassFish: builds the hub on deploy, binds it to the
 * container's WebSocket {@link ServerContainer} (where {@code HeraldEndpoint} finds it), registers the
 * HTTP API, and shuts everything down on undeploy.
 *
 * <p>The config file is found, first match wins, in the servlet context parameter {@code herald.config},
 * the system property {@code herald.config}, or the environment variable {@code HERALD_CONFIG}; with
 * none, the built-in defaults apply. Environment variables override keys as in standalone mode.
 */
@WebListener
public class HeraldBootstrap implements ServletContextListener {
    public static final String HUB_ATTRIBUTE = Hub.class.getName();
    static final String METRICS_ATTRIBUTE = HeraldMetrics.class.getName();
    static final String OPS_ATTRIBUTE = OpsConfig.class.getName();
    private static final System.Logger LOG = System.getLogger(HeraldBootstrap.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        HeraldConfig config = ConfigLoader.load(configFile(context, System.getenv()), System.getenv());
        OpsConfig ops = OpsConfig.of(config);
        PusherConfig pusherConfig = PusherConfig.from(config);
        Hub hub = HubFactory.create(config, pusherConfig);
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            hub.close();
            throw new IllegalStateException("no WebSocket container in this servlet container");
        }
        HubDirectory.bind(container, hub);
        if (pusherConfig.enabled()) {
            PusherService pusher = new PusherService(hub, pusherConfig);
            PusherDirectory.bind(container, pusher);
            context.addServlet("herald-pusher-api", new PusherServlet(new PusherApi(pusher))).addMapping("/apps/*");
        }
        HeraldMetrics metrics = HeraldMetrics.create(hub, ops.metricsEnabled());
        context.setAttribute(HUB_ATTRIBUTE, hub);
        // before the container's own upgrade filter: refused handshakes never become sockets
        SecurityConfig security = SecurityConfig.from(config);
        PathGuard guard = new PathGuard(security.adminPaths(), security.adminKeys(), security.metricsKeys(),
                hub.config().apiKeys());
        context.addFilter("herald-security", new SecurityFilter(HandshakeGate.of(security), guard))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.setAttribute(METRICS_ATTRIBUTE, metrics);
        context.setAttribute(OPS_ATTRIBUTE, ops);
        ServletRegistration.Dynamic api = context.addServlet("herald-api",
                new ApiServlet(hub, metrics, () -> shutdown(context)));
        api.addMapping("/api/*", "/health", "/health/*", "/metrics");
        api.setLoadOnStartup(1); // initialized at deploy, so the container calls its destroy() on undeploy
        LOG.log(System.Logger.Level.INFO, "Herald started at context path ''{0}''", context.getContextPath());
    }

    /** Safety net: {@link ApiServlet#destroy()} normally ran {@link #shutdown} already; it is idempotent. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        shutdown(event.getServletContext());
    }

    /**
     * Closes every client with 1001 over the drain window, waits for the closes, stops the hub's threads
     * and metrics. Idempotent.
     */
    static void shutdown(ServletContext context) {
        if (!(context.getAttribute(HUB_ATTRIBUTE) instanceof Hub hub)) {
            return; // never started, or already stopped
        }
        context.removeAttribute(HUB_ATTRIBUTE);
        Object ops = context.getAttribute(OPS_ATTRIBUTE);
        hub.close(ops instanceof OpsConfig o ? o.shutdownDrain() : java.time.Duration.ZERO);
        Object container = context.getAttribute(ServerContainer.class.getName());
        if (container instanceof ServerContainer sc) {
            HubDirectory.unbind(sc); // waits for the closes still being sent, then stops their threads
            PusherDirectory.unbind(sc);
        }
        if (context.getAttribute(METRICS_ATTRIBUTE) instanceof HeraldMetrics m) {
            m.close();
        }
        context.removeAttribute(METRICS_ATTRIBUTE);
        context.removeAttribute(OPS_ATTRIBUTE);
        LOG.log(System.Logger.Level.INFO, "Herald stopped at context path ''{0}''", context.getContextPath());
    }

    static Path configFile(ServletContext context, Map<String, String> env) {
        String file = context.getInitParameter("herald.config");
        if (file == null || file.isBlank()) {
            file = System.getProperty("herald.config");
        }
        if (file == null || file.isBlank()) {
            file = env.get("HERALD_CONFIG");
        }
        return file == null || file.isBlank() ? null : Path.of(file);
    }
}
