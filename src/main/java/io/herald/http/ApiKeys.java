package io.herald.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Checks bearer API keys in constant time against every configured key (several allow rotation). */
public final class ApiKeys {
    private final List<byte[]> keys;

    public ApiKeys(List<String> configured) {
        this.keys = configured.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** @param authorization the {@code Authorization} header value, may be null */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return matches(authorization.substring(7).trim());
    }

    /** Accepts a key as {@code Bearer <key>} or as the password of {@code Basic} auth. */
    public boolean acceptsCredential(String authorization) {
        if (accepts(authorization)) {
            return true;
        }
        String password = PathGuard.basicPassword(authorization);
        return password != null && matches(password);
    }

    private boolean matches(String candidate) {
        byte[] given = candidate.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            // no early exit: timing must not reveal which key, or whether any, matched; the configured key
            // goes first because isEqual's time depends only on its first argument's length
            match |= MessageDigest.isEqual(key, given);
        }
        return match;
    }
}
