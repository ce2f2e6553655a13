package io.herald.bootstrap;

import io.herald.app.HeraldApp;
import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;
import io.herald.hub.Hub;
import io.herald.servlet.HeraldServlets;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;

import java.nio.file.Path;
import java.util.Map;

/**
 * The WAR's composition root in Tomcat and GlassFish: starts the {@link HeraldApp} on deploy, binds it to
 * the container's WebSocket {@link ServerContainer} (where {@code HeraldEndpoint} finds the hub), registers
 * the servlets ({@link HeraldServlets}), and closes the app on undeploy.
 *
 * <p>The config file is found, first match wins, in the servlet context parameter {@code herald.config},
 * the system property {@code herald.config}, or the environment variable {@code HERALD_CONFIG}; with
 * none, the built-in defaults apply. Environment variables override keys as in standalone mode.
 */
@WebListener
public class HeraldBootstrap implements ServletContextListener {
    public static final String HUB_ATTRIBUTE = Hub.class.getName();
    static final String APP_ATTRIBUTE = HeraldApp.class.getName();
    private static final System.Logger LOG = System.getLogger(HeraldBootstrap.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        HeraldConfig config = ConfigLoader.load(configFile(context, System.getenv()), System.getenv());
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("no WebSocket container in this servlet container");
        }
        HeraldApp app = HeraldApp.start(config);
        app.bind(container);
        context.setAttribute(APP_ATTRIBUTE, app);
        context.setAttribute(HUB_ATTRIBUTE, app.hub());
        HeraldServlets.register(context, app, () -> shutdown(context));
        LOG.log(System.Logger.Level.INFO, "Herald started at context path ''{0}''", context.getContextPath());
    }

    /** Safety net: the API servlet's {@code destroy()} normally ran {@link #shutdown} already; it is idempotent. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        shutdown(event.getServletContext());
    }

    /** Closes the app (see {@link HeraldApp#close()}). Idempotent. */
    static void shutdown(ServletContext context) {
        if (!(context.getAttribute(APP_ATTRIBUTE) instanceof HeraldApp app)) {
            return; // never started, or already stopped
        }
        context.removeAttribute(APP_ATTRIBUTE);
        context.removeAttribute(HUB_ATTRIBUTE);
        app.close();
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
