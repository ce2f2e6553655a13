package io.herald.bench.wire;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The publisher of a Pusher-protocol server that is not Herald (Soketi), or of Herald measured the same way:
 * every publication is a signed {@code POST /apps/{app}/events} of the Pusher HTTP API, as a backend's Pusher SDK
 * sends it (a Pusher socket cannot publish into a public channel). Event {@code message}, so subscribers see the
 * same frames as from {@link PusherWire}'s publisher.
 */
final class PusherApiWire implements Wire, Wire.OverHttp {
    static final String SECRET = "bench-secret";
    private static final HexFormat HEX = HexFormat.of();

    @Override
    public HttpRequest request(URI base, String channel, String payloadJson) {
        String path = "/apps/" + PusherWire.APP + "/events";
        String body = "{\"name\":\"message\",\"channel\":\"" + PusherWire.pusherName(channel) + "\",\"data\":"
                + payloadJson + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String query = "auth_key=" + PusherWire.KEY + "&auth_timestamp=" + System.currentTimeMillis() / 1000
                + "&auth_version=1.0&body_md5=" + HEX.formatHex(md5(bytes));
        String signature = HEX.formatHex(hmac("POST\n" + path + "\n" + query));
        return HttpRequest.newBuilder(base.resolve(path + "?" + query + "&auth_signature=" + signature))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    private static byte[] md5(byte[] body) {
        try {
            return MessageDigest.getInstance("MD5").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- not a socket dialect: the publisher never opens a WebSocket with it ----

    @Override
    public String path() {
        throw new UnsupportedOperationException("publishes over HTTP");
    }

    @Override
    public String subprotocol() {
        return null;
    }

    @Override
    public List<String> subscribe(List<String> channels, int firstId) {
        return List.of();
    }

    @Override
    public int acksFor(int channels) {
        return 0;
    }

    @Override
    public String publish(String channel, String payloadJson, int id) {
        throw new UnsupportedOperationException("publishes over HTTP: request()");
    }

    @Override
    public Kind classify(CharSequence text) {
        return Kind.OTHER;
    }

    @Override
    public String pong() {
        return "";
    }
}
