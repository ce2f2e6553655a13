package io.herald.config;

/**
 * The {@code server} section: where the standalone server listens (ignored in containers).
 *
 * @param host bind address
 * @param port port (0 = ephemeral)
 * @param tls  standalone TLS ({@code server.tls.*})
 * @param sendBufferBytes the kernel send buffer (SO_SNDBUF) of every accepted connection, 0 = the kernel's own
 *                        autotuning; a cap keeps a client that stopped reading from hiding megabytes in the kernel,
 *                        out of sight of the outbound queue's bound
 */
public record ServerConfig(String host, int port, Tls tls, int sendBufferBytes) {

    /** Standalone TLS ({@code server.tls.*}). */
    public record Tls(boolean enabled, String keystore, String keystorePassword, String keystoreType) {
        static Tls from(ConfigNode n) {
            Tls tls = new Tls(n.bool("enabled"), n.string("keystore"), n.string("keystorePassword"),
                    n.string("keystoreType"));
            if (tls.enabled() && tls.keystore().isEmpty()) {
                throw n.invalid("keystore", "a keystore path (required when server.tls.enabled is true)");
            }
            return tls;
        }
    }

    static ServerConfig from(ConfigNode n) {
        return new ServerConfig(n.string("host"), n.integer("port", 0, 65535), Tls.from(n.node("tls")),
                n.integer("sendBufferBytes", 0, 64 * 1024 * 1024));
    }
}
