package io.herald.security;

import io.herald.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Origin} may open a WebSocket: the defence against cross-site WebSocket hijacking
 * (a page on another site opening a socket that carries the user's cookies).
 *
 * <p>Origins are compared exactly on scheme, host and port (default ports filled in, case folded);
 * never by prefix, suffix or pattern, so {@code https://app.example.com.evil.net} never passes for
 * {@code https://app.example.com}. With no allowed origins configured, only the server's own origin
 * (the scheme of the request and its {@code Host} header) passes. The entry {@code *} allows any
 * origin (development only). A request without {@code Origin} comes from a non-browser client
 * (browsers always send it on WebSocket handshakes) and passes unless {@code allowMissingOrigin} is off.
 *
 * <p>Immutable and thread-safe.
 */
public final class OriginPolicy {
    private final Set<String> allowed;
    private final boolean any;
    private final boolean allowMissing;

    /**
     * @param origins      allowed origins as {@code scheme://host[:port]}, or {@code *}; empty = same origin only
     * @param allowMissing whether a handshake without an Origin header passes
     * @throws ConfigException when an entry is not an origin (has a path, no host, ...)
     */
    public OriginPolicy(List<String> origins, boolean allowMissing) {
        Set<String> set = new LinkedHashSet<>();
        boolean star = false;
        for (String origin : origins) {
            if ("*".equals(origin.trim())) {
                star = true;
                continue;
            }
            String normalized = normalize(origin.trim());
            if (normalized == null) {
                throw ConfigException.invalid("security.allowedOrigins", "\"" + origin + "\"",
                        "origins (scheme://host[:port], no path) or \"*\"");
            }
            set.add(normalized);
        }
        this.allowed = Set.copyOf(set);
        this.any = star;
        this.allowMissing = allowMissing;
    }

    /**
     * @param origin the Origin header, or null when absent
     * @param host   the Host header of the request (the server's own authority), or null
     * @param secure whether the request came over TLS (decides the scheme of the own origin)
     */
    public boolean allows(String origin, String host, boolean secure) {
        if (origin == null || origin.isEmpty()) {
            return allowMissing;
        }
        if (any) {
            return true;
        }
        String given = normalize(origin.trim());
        if (given == null) {
            return false; // "null" (sandboxed pages, file://) and garbage never match
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(given);
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        String own = normalize((secure ? "https://" : "http://") + host.trim());
        return given.equals(own);
    }

    /** {@code scheme://host:port} in lower case with the port made explicit, or null when not an origin. */
    static String normalize(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/"))) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port < 0) {
            port = switch (scheme) {
                case "http", "ws" -> 80;
                case "https", "wss" -> 443;
                default -> -1;
            };
        }
        if (port < 0) {
            return null;
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
