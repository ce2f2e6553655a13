package io.herald.bootstrap;

import io.herald.config.HeraldConfig;
import io.herald.hub.Authenticator;
import io.herald.hub.Hub;
import io.herald.hub.HubConfig;
import io.herald.protocol.JsonFrameEncoder;
import io.herald.pusher.PusherConfig;
import io.herald.pusher.PusherNamespaces;
import io.herald.security.Authenticators;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Builds one {@link Hub} from a {@link HeraldConfig}: picks the engine, the authenticator and the
 * frame encoder. Shared by both composition roots (the WAR's listener and the standalone server).
 */
public final class HubFactory {
    private static final System.Logger LOG = System.getLogger(HubFactory.class.getName());

    private HubFactory() {
    }

    public static Hub create(HeraldConfig config) {
        return create(config, null);
    }

    /** A hub that also carries the Pusher protocol's namespaces when {@code pusher} is given and enabled. */
    public static Hub create(HeraldConfig config, PusherConfig pusher) {
        HubConfig hubConfig = withDemoKeyIfNone(config.hub());
        if (pusher != null) {
            hubConfig = PusherNamespaces.addTo(hubConfig, pusher);
        }
        Authenticator authenticator = Authenticators.create(config);
        BrokerFactory.Engine engine = BrokerFactory.create(config); // last: it opens connections
        return new Hub(hubConfig, engine.broker(), engine.presence(), authenticator, new JsonFrameEncoder());
    }

    /**
     * With no API key configured, makes up a random one and logs it once, so the demo's HTTP API and
     * admin page work out of the box while no fixed key ever ships.
     */
    static HubConfig withDemoKeyIfNone(HubConfig config) {
        if (!config.apiKeys().isEmpty()) {
            return config;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        LOG.log(System.Logger.Level.INFO, "demo API key: {0}", key);
        return config.withApiKeys(List.of(key));
    }
}
