package io.herald.e2e;

import io.herald.containers.BuiltWar;
import io.herald.pusher.NodeRun;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Map;

/**
 * The same pusher-js and `pusher` SDK run as against standalone, against the built WAR in a real servlet
 * container (Tomcat 11/10.1, GlassFish 7/8, chosen by the failsafe execution), under the context path
 * {@code /herald}: pusher-js with {@code wsPath: '/herald'}. Credentials come from {@code e2e-config.json}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ContainerPusherJsIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    private URL base;

    @Test
    void pusherJsAndTheServerSdkWorkUnchangedInTheContainer() throws Exception {
        String path = base.getPath().endsWith("/") ? base.getPath().substring(0, base.getPath().length() - 1) : base.getPath();
        NodeRun.run("pusher-js.test.mjs", Map.of("HERALD_HOST", "127.0.0.1", "HERALD_PORT", String.valueOf(base.getPort()),
                "HERALD_PATH", path, "HERALD_API_KEY", "e2e-test-api-key-0123456789", "PUSHER_APP_ID", "4242",
                "PUSHER_KEY", "herald-test-key", "PUSHER_SECRET", "herald-test-secret"), 240);
    }
}
