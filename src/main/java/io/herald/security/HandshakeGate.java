package io.herald.security;

import io.herald.config.SecurityConfig;

import java.util.concurrent.atomic.LongAdder;

/**
 * The checks every WebSocket handshake passes before the upgrade, in whatever container: the Origin
 * allow-list (403) and the per-address rate of new connections (429). Refused handshakes get an HTTP
 * status and never a socket. Adapters: the servlet filter in the WAR and the Tyrus engine wrapper in
 * standalone mode. Thread-safe.
 */
public final class HandshakeGate {
    private static final System.Logger LOG = System.getLogger(HandshakeGate.class.getName());

    /** The outcome of a check, with the HTTP status a refusal answers with. */
    public enum Verdict {
        ALLOW(101, ""),
        FORBIDDEN_ORIGIN(403, "origin not allowed"),
        TOO_MANY_CONNECTIONS(429, "too many new connections from this address");

        private final int status;
        private final String reason;

        Verdict(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        public int status() {
            return status;
        }

        public String reason() {
            return reason;
        }
    }

    private final OriginPolicy origins;
    private final IpRateLimiter rate;
    private final LongAdder refusedOrigin = new LongAdder();
    private final LongAdder refusedRate = new LongAdder();

    public HandshakeGate(OriginPolicy origins, IpRateLimiter rate) {
        this.origins = origins;
        this.rate = rate;
    }

    public static HandshakeGate of(SecurityConfig config) {
        return new HandshakeGate(new OriginPolicy(config.allowedOrigins(), config.allowMissingOrigin()),
                new IpRateLimiter(config.newConnectionsPerSecondPerIp(), config.newConnectionsBurstPerIp()));
    }

    /**
     * @param origin        the Origin header or null
     * @param host          the Host header or null
     * @param secure        whether the request came over TLS
     * @param remoteAddress the peer address (IP) as the container reports it
     */
    public Verdict check(String origin, String host, boolean secure, String remoteAddress) {
        if (!origins.allows(origin, host, secure)) {
            refusedOrigin.increment();
            // the origin is attacker-chosen: log it shortened, never whole
            LOG.log(System.Logger.Level.INFO, "handshake refused: origin {0} from {1}", shorten(origin), remoteAddress);
            return Verdict.FORBIDDEN_ORIGIN;
        }
        if (!rate.tryAcquire(remoteAddress == null ? "" : remoteAddress, System.nanoTime())) {
            refusedRate.increment();
            LOG.log(System.Logger.Level.DEBUG, "handshake refused: rate limit for {0}", remoteAddress);
            return Verdict.TOO_MANY_CONNECTIONS;
        }
        return Verdict.ALLOW;
    }

    public long refusedOrigin() {
        return refusedOrigin.sum();
    }

    public long refusedRate() {
        return refusedRate.sum();
    }

    private static String shorten(String s) {
        return s == null ? "(none)" : s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
