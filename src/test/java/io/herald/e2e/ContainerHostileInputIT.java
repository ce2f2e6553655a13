package io.herald.e2e;

import io.herald.containers.BuiltWar;
import io.herald.containers.ContainerTarget;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

/**
 * The hostile input suite against the built WAR in a real servlet container (Tomcat 11/10.1,
 * GlassFish 7/8, chosen by the failsafe execution like {@link ContainerScenariosIT}), configured with
 * the same e2e-config.json as the standalone run.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("integration")
class ContainerHostileInputIT extends HostileInputSuite {

    @Deployment(testable = false)
    static WebArchive war() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    private URL base;

    /**
     * Tomcat hands the servlet an end-of-stream (answered 400 by Herald) and times a stalled body out
     * itself with 408 after its connectionTimeout. GlassFish's Grizzly, like the standalone server,
     * closes the connection when it reads end-of-stream; its read timeout ends a stalled body with an
     * IOException that Herald answers 400.
     */
    @Override
    protected String truncatedBodyOutcome(boolean halfClosed) {
        if (glassfish()) {
            return halfClosed ? "dropped" : "400";
        }
        return halfClosed ? "400" : "408";
    }

    private static boolean glassfish() {
        return System.getProperty("herald.container.name", "").startsWith("glassfish");
    }

    @Override
    protected HeraldTarget target() {
        return ContainerTarget.at(base);
    }
}
