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
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            // no early exit: timing must not reveal which key, or whether any, matched
            match |= MessageDigest.isEqual(key, given);
        }
        return match;
    }
}
