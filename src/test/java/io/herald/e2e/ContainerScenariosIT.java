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
 * The scenario suite against the built WAR in a real servlet container. Which container (Tomcat 11/10.1,
 * GlassFish 7/8) is chosen by the failsafe execution ({@code -Darquillian.launch}); each runs this
 * class in its own JVM. The WAR is deployed under {@code /herald}, so every URL goes through a
 * non-root context path.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("integration")
class ContainerScenariosIT extends HeraldScenarios {

    @Deployment(testable = false)
    static WebArchive war() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    private URL base;

    @Override
    protected HeraldTarget target() {
        return ContainerTarget.at(base);
    }
}
