package io.herald.pusher;

import io.herald.config.PusherApp;
import io.herald.config.PusherConfig;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Pusher's signatures: lower-case hex HMAC-SHA256 with the app secret, and MD5 of HTTP bodies. Stateless.
 */
public final class Signatures {

    private Signatures() {
    }

    /** {@code hex(HMAC-SHA256(secret, text))}. */
    public static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** Compares in constant time (for equal lengths), so a signature cannot be guessed byte by byte. */
    public static boolean same(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks a channel auth string {@code key:signature} over {@code socket_id:channel[:channel_data]}.
     */
    public static boolean channelAuthValid(PusherApp app, String auth, String socketId, String channel,
                                           String channelData) {
        if (auth == null) {
            return false;
        }
        String text = socketId + ":" + channel + (channelData == null ? "" : ":" + channelData);
        return same(app.key() + ":" + hmac(app.secret(), text), auth);
    }

    /** Checks a sign-in auth string {@code key:signature} over {@code socket_id::user::user_data}. */
    public static boolean signinValid(PusherApp app, String auth, String socketId, String userData) {
        if (auth == null) {
            return false;
        }
        return same(app.key() + ":" + hmac(app.secret(), socketId + "::user::" + userData), auth);
    }
}
