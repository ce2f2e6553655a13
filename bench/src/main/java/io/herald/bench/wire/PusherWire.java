package io.herald.bench.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The Pusher Channels protocol on Herald ({@code /app/{key}}, docs/pusher.md): a subscriber sends one
 * {@code pusher:subscribe} per channel and counts {@code connection_established} and each
 * {@code subscription_succeeded} as acknowledgements. Bench channels {@code b:x} are Pusher channels {@code b-x}
 * of the app {@value #APP} (Pusher names have no colon). Publishers cannot publish over a Pusher socket (client
 * events are rate limited and private-only), so {@link #publisherWire()} publishes into the same channels through
 * Herald's own protocol, where a Pusher channel is {@code pusher:{app}/{name}} (wire {@code pusher}), or through
 * the Pusher HTTP API as a backend would (wire {@code pusher-api}: any Pusher server, Soketi too).
 */
final class PusherWire implements Wire {
    static final String APP = "bench";
    static final String KEY = "bench-key";
    private final boolean publishOverApi;

    /** @param publishOverApi the publisher uses the Pusher HTTP API ({@link PusherApiWire}), else Herald's protocol */
    PusherWire(boolean publishOverApi) {
        this.publishOverApi = publishOverApi;
    }

    @Override
    public String path() {
        return "/app/" + KEY + "?protocol=7&client=bench&version=1";
    }

    @Override
    public String subprotocol() {
        return null;
    }

    static String pusherName(String channel) {
        return channel.replace(':', '-');
    }

    @Override
    public List<String> subscribe(List<String> channels, int firstId) {
        List<String> out = new ArrayList<>();
        for (String channel : channels) {
            out.add("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + pusherName(channel) + "\"}}");
        }
        return out;
    }

    @Override
    public int acksFor(int channels) {
        return channels + 1;
    }

    @Override
    public String publish(String channel, String payloadJson, int id) {
        throw new UnsupportedOperationException("publishers use publisherWire()");
    }

    /** pusher-js parses each frame as one JSON message. */
    @Override
    public boolean manyMessagesPerFrame() {
        return false;
    }

    @Override
    public Wire publisherWire() {
        return publishOverApi ? new PusherApiWire() : new HeraldIntoPusher();
    }

    @Override
    public Kind classify(CharSequence text) {
        if (HeraldWire.startsWith(text, "{\"event\":\"message\"")) {
            return Kind.DATA;
        }
        if (HeraldWire.startsWith(text, "{\"event\":\"pusher:connection_established\"")
                || HeraldWire.startsWith(text, "{\"event\":\"pusher_internal:subscription_succeeded\"")) {
            return Kind.ACK;
        }
        if (HeraldWire.startsWith(text, "{\"event\":\"pusher:ping\"")) {
            return Kind.PING;
        }
        if (HeraldWire.startsWith(text, "{\"event\":\"pusher:error\"")
                || HeraldWire.startsWith(text, "{\"event\":\"pusher:subscription_error\"")) {
            return Kind.ERROR;
        }
        return Kind.OTHER;
    }

    @Override
    public String pong() {
        return "{\"event\":\"pusher:pong\",\"data\":{}}";
    }

    /** The HS256 secret of the bench's Pusher config (Launch.pusherConfig): signs the publisher's tokens. */
    static final String TOKEN_SECRET = "bench-subscription-secret-0123456789abcdef";

    /**
     * The publisher: Herald's protocol, subscribed to the fan-out channel (its namespace lets subscribers publish).
     * Pusher channels are a private namespace for Herald's protocol, so it connects as user {@code bench} and
     * subscribes with a subscription token, both HS256 tokens signed with {@link #TOKEN_SECRET}.
     */
    static final class HeraldIntoPusher implements Wire {
        private final HeraldWire herald = new HeraldWire();

        static String token(String claimsJson) {
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String signing = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(claimsJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(TOKEN_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "HmacSHA256"));
                return signing + "." + b64.encodeToString(mac.doFinal(signing.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String heraldName(String channel) {
            return "pusher:" + APP + "/" + pusherName(channel);
        }

        @Override
        public String path() {
            return herald.path();
        }

        @Override
        public String subprotocol() {
            return herald.subprotocol();
        }

        @Override
        public List<String> subscribe(List<String> channels, int firstId) {
            String channel = heraldName("b:all");
            return List.of("{\"id\":" + firstId + ",\"type\":\"connect\",\"token\":\"" + token("{\"sub\":\"bench\"}") + "\"}",
                    "{\"id\":" + (firstId + 1) + ",\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"token\":\""
                            + token("{\"sub\":\"bench\",\"channel\":\"" + channel + "\"}") + "\"}");
        }

        @Override
        public int acksFor(int channels) {
            return 2;
        }

        @Override
        public String publish(String channel, String payloadJson, int id) {
            return herald.publish(heraldName(channel), payloadJson, id);
        }

        @Override
        public Kind classify(CharSequence text) {
            return herald.classify(text);
        }

        @Override
        public String pong() {
            return herald.pong();
        }
    }
}
