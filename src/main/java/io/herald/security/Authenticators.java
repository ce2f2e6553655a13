package io.herald.security;

import io.herald.config.AuthConfig;
import io.herald.hub.Authenticator;

/** Builds the hub's {@link Authenticator} from the {@code auth} section and {@code allowAnonymous}. */
public final class Authenticators {
    private static final System.Logger LOG = System.getLogger(Authenticators.class.getName());

    private Authenticators() {
    }

    public static Authenticator create(AuthConfig auth, boolean anonymous) {
        if (!auth.configured()) {
            if (!anonymous) {
                LOG.log(System.Logger.Level.WARNING, "no token key is configured (auth.hmacSecret, auth.publicKeyPem,"
                        + " auth.publicKeyFile or auth.jwksUrl) and allowAnonymous is false: no client can connect");
            } else {
                LOG.log(System.Logger.Level.WARNING, "allowAnonymous is true and no token key is configured (the demo"
                        + " defaults): anyone may connect; configure auth.* and set allowAnonymous to false in production");
            }
            return Authenticator.anonymous(anonymous);
        }
        if (anonymous) {
            LOG.log(System.Logger.Level.WARNING, "allowAnonymous is true: clients without a token connect as anonymous");
        }
        return new JwtAuthenticator(new JwtVerifier(auth), anonymous);
    }
}
