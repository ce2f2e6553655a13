package io.herald.config;

import io.herald.hub.HubConfig;
import io.herald.hub.Limits;

import java.util.Map;

/**
 * Everything loaded from defaults, the config file and the environment, as typed sections, parsed and
 * checked once by {@link ConfigLoader}. Nothing else reads the JSON document.
 *
 * <p>Adding a section (see the package documentation): its keys and defaults in {@code defaults.json},
 * a record with {@code static X from(ConfigNode)}, one component here and its one line in {@link #from}.
 *
 * @param hub      the hub's own configuration (timers, API keys, {@code limits}, namespaces)
 * @param server   {@code server.*}: standalone bind address, port and TLS
 * @param security {@code security.*} and the handshake limits
 * @param auth     {@code auth.*}: token keys and claims
 * @param ops      {@code metrics.*}, {@code shutdownDrainSeconds}
 * @param engine   {@code broker} and {@code redis.*}
 * @param hooks    {@code hooks.*}: webhooks and the proxy
 * @param pusher   {@code pusher.*}: the Pusher Channels protocol and its apps
 * @param transports {@code transports.*}: the HTTP-streaming and SSE transports
 */
public record HeraldConfig(HubConfig hub, ServerConfig server, SecurityConfig security, AuthConfig auth,
                           OpsConfig ops, EngineConfig engine, HooksConfig hooks,
                           PusherConfig pusher, TransportsConfig transports) {

    /** The one list of sections, each read from the merged document by its own record. */
    static HeraldConfig from(ConfigNode root) {
        return new HeraldConfig(
                HubSection.from(root),
                ServerConfig.from(root.node("server")),
                SecurityConfig.from(root.node("security"), root.node("limits")),
                AuthConfig.from(root.node("auth")),
                OpsConfig.from(root),
                EngineConfig.from(root),
                HooksConfig.from(root.node("hooks")),
                PusherConfig.from(root.node("pusher")),
                TransportsConfig.from(root.node("transports")));
    }

    /** The built-in defaults alone (no file, no environment): for tests and tools. */
    public static HeraldConfig defaults() {
        return ConfigLoader.load(Map.of());
    }

    public Limits limits() {
        return hub.limits();
    }

    /** This configuration with another hub section (e.g. a generated demo API key). */
    public HeraldConfig withHub(HubConfig newHub) {
        return new HeraldConfig(newHub, server, security, auth, ops, engine, hooks, pusher, transports);
    }

    /** This configuration with another {@code pusher} section (e.g. with a generated demo app). */
    public HeraldConfig withPusher(PusherConfig newPusher) {
        return new HeraldConfig(hub, server, security, auth, ops, engine, hooks, newPusher, transports);
    }
}
