package io.herald.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Credentials for pages outside the HTTP API: the admin pages (path prefixes, own keys) and
 * {@code /metrics} (own keys, or the API keys when none are configured). A key is given as
 * {@code Authorization: Bearer <key>} or as the password of HTTP Basic auth (any user name), so a
 * browser can open the admin page with its login prompt. Keys are compared in constant time.
 *
 * <p>Paths are matched after percent-decoding, folding repeated slashes and case, so
 * {@code //Admin}, {@code /%61dmin} and {@code /admin.html} are all guarded by the prefix {@code /admin}.
 * Immutable and thread-safe; container-neutral (the standalone handler and the WAR's filter use it).
 */
public final class PathGuard {
    private static final String METRICS = "/metrics";

    /** A refusal: status 401, a JSON body and the challenge header value. */
    public record Refusal(int status, String json, String wwwAuthenticate) {
    }

    private final List<String> adminPrefixes;
    private final ApiKeys adminKeys;
    private final ApiKeys metricsKeys;

    /**
     * @param adminPrefixes path prefixes of the admin pages
     * @param adminKeys     keys for them; empty = the admin pages are public
     * @param metricsKeys   keys for {@code /metrics}; empty = {@code apiKeys}
     */
    public PathGuard(List<String> adminPrefixes, List<String> adminKeys, List<String> metricsKeys, List<String> apiKeys) {
        this.adminPrefixes = adminPrefixes.stream().map(PathGuard::normalize).toList();
        this.adminKeys = adminKeys.isEmpty() ? null : new ApiKeys(adminKeys);
        this.metricsKeys = new ApiKeys(metricsKeys.isEmpty() ? apiKeys : metricsKeys);
    }

    /**
     * @param path          the request path below the application root
     * @param authorization the Authorization header, or null
     * @return null when the request may proceed, else the refusal to send
     */
    public Refusal check(String path, String authorization) {
        String p = normalize(path);
        if (p.equals(METRICS) || p.startsWith(METRICS + "/")) {
            return metricsKeys.acceptsCredential(authorization) ? null
                    : refusal("Herald metrics", "/metrics needs a metrics key (Authorization: Bearer <key>)");
        }
        if (adminKeys != null) {
            for (String prefix : adminPrefixes) {
                if (p.startsWith(prefix)) {
                    return adminKeys.acceptsCredential(authorization) ? null
                            : refusal("Herald admin", "the admin pages need an admin key");
                }
            }
        }
        return null;
    }

    private static Refusal refusal(String realm, String message) {
        return new Refusal(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"" + message + "\"}}",
                "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    static String normalize(String path) {
        String p = path == null ? "/" : path;
        try {
            p = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // undecodable escapes: match on the raw text
        }
        p = p.replace('\\', '/').replaceAll("/{2,}", "/").replace("/./", "/").toLowerCase(Locale.ROOT);
        return p.startsWith("/") ? p : "/" + p;
    }

    /** Decodes a Basic credential's password, or null. */
    static String basicPassword(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
