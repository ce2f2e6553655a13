package io.herald.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.hub.Authenticator;
import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import io.herald.hub.Identity;

import java.util.Date;
import java.util.Set;

/**
 * JWT connection and subscription tokens (the Centrifugo model).
 *
 * <p>Connection token: {@code sub} (non-empty) is the user; {@code exp} (optional) is when the
 * connection must have refreshed or be closed with 4004. A token with a {@code channel} claim is a
 * subscription token and is refused here, so one kind cannot stand in for the other.
 * Subscription token: {@code sub} must equal the client's user ("" for anonymous clients) and
 * {@code channel} the channel subscribed to. Both: signature, {@code exp}, {@code nbf}, {@code iss},
 * {@code aud} as in {@link JwtVerifier}. Thread-safe.
 */
public final class JwtAuthenticator implements Authenticator {
    private static final Set<String> CONNECTION_CLAIMS = Set.of("sub");
    private static final Set<String> SUBSCRIPTION_CLAIMS = Set.of("sub", "channel");

    private final JwtVerifier verifier;
    private final boolean allowAnonymous;

    public JwtAuthenticator(JwtVerifier verifier, boolean allowAnonymous) {
        this.verifier = verifier;
        this.allowAnonymous = allowAnonymous;
    }

    @Override
    public Identity authenticate(String token) {
        if (token == null || token.isEmpty()) {
            if (!allowAnonymous) {
                throw new HubException(ErrorCode.UNAUTHORIZED, "a token is required");
            }
            return Identity.ANONYMOUS;
        }
        JWTClaimsSet claims = verifier.verify(token, CONNECTION_CLAIMS);
        if (claims.getClaim("channel") != null) {
            throw new HubException(ErrorCode.UNAUTHORIZED, "a subscription token cannot be used to connect");
        }
        String user = claims.getSubject();
        if (user == null || user.isEmpty()) {
            throw new HubException(ErrorCode.UNAUTHORIZED, "token has an empty sub");
        }
        Date exp = claims.getExpirationTime();
        return new Identity(user, exp == null ? 0 : exp.getTime());
    }

    @Override
    public void authorizeSubscription(String user, String channel, String token) {
        JWTClaimsSet claims;
        try {
            claims = verifier.verify(token, SUBSCRIPTION_CLAIMS);
        } catch (HubException e) {
            // a bad subscription token refuses the subscription, never the connection
            throw new HubException(ErrorCode.PERMISSION_DENIED, "subscription " + e.getMessage());
        }
        Object claimed = claims.getClaim("channel");
        if (!(claimed instanceof String c) || !c.equals(channel)) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "subscription token is for another channel");
        }
        String sub = claims.getSubject() == null ? "" : claims.getSubject();
        if (!sub.equals(user)) {
            throw new HubException(ErrorCode.PERMISSION_DENIED, "subscription token is for another user");
        }
    }
}
