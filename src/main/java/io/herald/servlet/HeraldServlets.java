package io.herald.servlet;

import io.herald.app.HeraldApp;
import io.herald.transport.http.StreamPaths;
import io.herald.transport.http.StreamServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

import java.util.EnumSet;

/**
 * Everything Herald registers in a servlet container, in one place: the security filter and the servlets.
 * A feature with HTTP endpoints adds its mapping here (and its Grizzly route in the standalone root).
 */
public final class HeraldServlets {
    /** Paths of the {@link ApiServlet}: the HTTP API and the operations endpoints. */
    static final String[] API_MAPPINGS = {"/api/*", "/health", "/health/*", "/metrics"};

    /** Path of the {@link PusherServlet}: Pusher's HTTP API. */
    static final String PUSHER_MAPPING = "/apps/*";

    private HeraldServlets() {
    }

    /**
     * @param onDestroy runs when the container takes the servlets out of service, before context
     *                  listeners are told (see {@link ApiServlet#destroy()})
     */
    public static void register(ServletContext context, HeraldApp app, Runnable onDestroy) {
        // before the container's own upgrade filter: refused handshakes never become sockets
        FilterRegistration.Dynamic filter = context.addFilter("herald-security",
                new SecurityFilter(app.handshakeGate(), app.pathGuard(), HeraldApp::handshakePrincipal));
        filter.setAsyncSupported(true); // the HTTP transports' streams are async responses behind it
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        ServletRegistration.Dynamic api = context.addServlet("herald-api", new ApiServlet(app, onDestroy));
        api.addMapping(API_MAPPINGS);
        api.setLoadOnStartup(1); // initialized at deploy, so the container calls its destroy() on undeploy
        if (app.config().transports().enabled()) {
            ServletRegistration.Dynamic streams = context.addServlet("herald-streams", new StreamServlet(app.transports()));
            streams.setAsyncSupported(true);
            streams.addMapping(StreamPaths.STREAM, StreamPaths.SSE, StreamPaths.EMULATION);
        }
        if (app.pusherApi() != null) {
            context.addServlet("herald-pusher-api", new PusherServlet(app.pusherApi())).addMapping(PUSHER_MAPPING);
        }
    }
}
