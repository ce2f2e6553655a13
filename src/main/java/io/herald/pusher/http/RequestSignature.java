package io.herald.pusher.http;

import io.herald.http.ApiRequest;
import io.herald.config.PusherApp;
import io.herald.pusher.Signatures;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a signed Pusher HTTP API request: {@code auth_key} is the app's key, {@code auth_version} 1.0,
 * {@code auth_timestamp} within the window, {@code body_md5} the body's MD5 (when there is a body), and
 * {@code auth_signature} = hex HMAC-SHA256(secret, "METHOD\npath\nsorted query"), the query being every
 * parameter but the signature, keys lower-cased and sorted, {@code key=value} joined by {@code &}.
 */
final class RequestSignature {

    private RequestSignature() {
    }

    /** @return null when the request is signed right, else why not (the 401 body) */
    static String problem(ApiRequest request, String path, PusherApp app, Duration window, long nowSeconds) {
        String key = request.param("auth_key");
        if (key == null || !Signatures.same(app.key(), key)) {
            return "Unknown auth_key";
        }
        if (!"1.0".equals(request.param("auth_version"))) {
            return "auth_version must be 1.0";
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(request.param("auth_timestamp"));
        } catch (NumberFormatException e) {
            return "auth_timestamp must be an integer (seconds since the epoch)";
        }
        if (Math.abs(nowSeconds - timestamp) > window.toSeconds()) {
            return "Timestamp expired: " + timestamp + " is more than " + window.toSeconds()
                    + " s from the server time " + nowSeconds;
        }
        if (request.body().length > 0) {
            String md5 = request.param("body_md5");
            if (md5 == null || !Signatures.same(Signatures.md5(request.body()), md5)) {
                return "body_md5 does not match the body";
            }
        }
        String expected = Signatures.hmac(app.secret(), request.method() + "\n" + path + "\n" + sortedQuery(request.query()));
        if (!Signatures.same(expected, request.param("auth_signature"))) {
            return "Invalid signature: you should have sent HmacSHA256Hex(\"" + request.method() + "\\n" + path
                    + "\\n" + sortedQuery(request.query()) + "\", your_secret)";
        }
        return null;
    }

    static String sortedQuery(Map<String, List<String>> query) {
        Map<String, String> sorted = new TreeMap<>();
        query.forEach((k, v) -> {
            if (!k.equals("auth_signature") && !v.isEmpty()) {
                sorted.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0));
            }
        });
        StringBuilder out = new StringBuilder();
        sorted.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(k).append('=').append(v);
        });
        return out.toString();
    }
}
