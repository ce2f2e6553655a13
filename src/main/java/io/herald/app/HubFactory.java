package io.herald.app;

import io.herald.config.HeraldConfig;
import io.herald.hooks.Hooks;
import io.herald.hub.Authenticator;
import io.herald.hub.Hub;
import io.herald.hub.HubConfig;
import io.herald.protocol.JsonFrameEncoder;
import io.herald.pusher.PusherNamespaces;
import io.herald.security.Authenticators;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Builds one {@link Hub} from a {@link HeraldConfig}: picks the engine, the authenticator and the
 * frame encoder, and attaches the backend hooks (webhooks, proxy). Used by {@link HeraldApp}, the one assembly of both composition roots.
 */
public final class HubFactory {
    private static final System.Logger LOG = System.getLogger(HubFactory.class.getName());

    private HubFactory() {
    }

    public static Hub create(HeraldConfig config) {
        // the Pusher protocol's channels live in namespaces of their own (none when it is off)
        HubConfig hubConfig = PusherNamespaces.addTo(withDemoKeyIfNone(config.hub()), config.pusher());
        Authenticator authenticator = Authenticators.create(config.auth(), hubConfig.allowAnonymous());
        BrokerFactory.Engine engine = BrokerFactory.create(config.engine()); // last: it opens connections
        Hub hub = new Hub(hubConfig, engine.broker(), engine.presence(), authenticator, new JsonFrameEncoder());
        try {
            Hooks.attach(hub, config); // before metrics: they bind the hooks' meters
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
        return hub;
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
