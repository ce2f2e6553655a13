package io.herald.standalone;

import io.herald.config.ConfigException;
import io.herald.config.ServerConfig;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * TLS for the standalone server ({@code server.tls.*}): the listener serves https and wss from a
 * keystore file (PKCS12 by default), TLS 1.3 and 1.2 only. In Tomcat and GlassFish TLS is the
 * container's connector configuration, not Herald's.
 */
final class TlsSetup {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsSetup() {
    }

    /**
     * Loads the keystore (before anything else starts, so a bad one fails fast).
     *
     * @return the engine configuration, or null when TLS is off
     * @throws ConfigException when the keystore cannot be read or has no usable key
     */
    static SSLEngineConfigurator engine(ServerConfig.Tls tls) {
        if (!tls.enabled()) {
            return null;
        }
        SSLEngineConfigurator engine = new SSLEngineConfigurator(context(tls), false, false, false);
        engine.setEnabledProtocols(PROTOCOLS);
        return engine;
    }

    static void apply(NetworkListener listener, SSLEngineConfigurator engine) {
        if (engine != null) {
            listener.setSecure(true);
            listener.setSSLEngineConfig(engine);
        }
    }

    private static SSLContext context(ServerConfig.Tls tls) {
        char[] password = tls.keystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(tls.keystore()))) {
            KeyStore store = KeyStore.getInstance(tls.keystoreType());
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw ConfigException.invalid("server.tls.keystore", "\"" + tls.keystore() + "\"",
                    "a readable " + tls.keystoreType() + " keystore with a key (" + e.getMessage() + ")", e);
        }
    }
}
