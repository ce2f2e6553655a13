package io.herald.bootstrap;

import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;
import io.herald.http.PathGuard;
import io.herald.hub.Hub;
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
    private static final System.Logger LOG = System.getLogger(HeraldBootstrap.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        HeraldConfig config = ConfigLoader.load(configFile(context, System.getenv()), System.getenv());
        Hub hub = HubFactory.create(config);
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            hub.close();
            throw new IllegalStateException("no WebSocket container in this servlet container");
        }
        HubDirectory.bind(container, hub);
        context.setAttribute(HUB_ATTRIBUTE, hub);
        // before the container's own upgrade filter: refused handshakes never become sockets
        SecurityConfig security = SecurityConfig.from(config);
        PathGuard guard = new PathGuard(security.adminPaths(), security.adminKeys(), security.metricsKeys(),
                hub.config().apiKeys());
        context.addFilter("herald-security", new SecurityFilter(HandshakeGate.of(security), guard))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        ServletRegistration.Dynamic api = context.addServlet("herald-api", new ApiServlet(hub));
        api.addMapping("/api/*", "/health", "/health/*");
        LOG.log(System.Logger.Level.INFO, "Herald started at context path ''{0}''", context.getContextPath());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object hub = context.getAttribute(HUB_ATTRIBUTE);
        if (hub instanceof Hub h) {
            h.close();
        }
        Object container = context.getAttribute(ServerContainer.class.getName());
        if (container instanceof ServerContainer sc) {
            HubDirectory.unbind(sc);
        }
        context.removeAttribute(HUB_ATTRIBUTE);
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
