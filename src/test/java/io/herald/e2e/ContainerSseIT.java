package io.herald.e2e;

import io.herald.containers.BuiltWar;
import io.herald.containers.ContainerTarget;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

/** The HTTP transport scenarios over SSE, with resume from Last-Event-ID, against the built WAR in a real servlet container (servlet async I/O). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ContainerSseIT extends SseResumeScenarios {

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
