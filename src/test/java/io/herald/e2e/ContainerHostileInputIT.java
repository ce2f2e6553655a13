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

    /**
     * The hub logs the client's address from the handshake on every container (Tomcat gives endpoints no
     * peer address; Herald's servlet filter passes it on), never {@code remote=unknown}.
     */
    @org.junit.jupiter.api.Test
    void theHubLogsTheAddressTheHandshakeCameFrom() throws Exception {
        java.nio.file.Path log = glassfish()
                ? java.nio.file.Path.of(System.getProperty("herald.container.home"), "glassfish", "domains", "domain1", "logs", "server.log")
                : latestCatalinaLog();
        long mark = java.nio.file.Files.size(log);
        String name = "addr" + System.nanoTime();
        try (io.herald.testing.WsTestClient c = io.herald.testing.WsTestClient.connected(target().wsUri(), name)) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            String appended = "";
            while (System.nanoTime() < deadline && !appended.contains("remote=127.0.0.1")) {
                Thread.sleep(100);
                byte[] all = java.nio.file.Files.readAllBytes(log);
                appended = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            org.junit.jupiter.api.Assertions.assertTrue(appended.contains("remote=127.0.0.1"),
                    "connect logged with the peer address: " + appended);
            org.junit.jupiter.api.Assertions.assertFalse(appended.contains("remote=unknown"), appended);
        }
    }

    private static java.nio.file.Path latestCatalinaLog() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of(System.getProperty("herald.container.home"), "logs"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("catalina."))
                    .max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
        }
    }

    private static boolean glassfish() {
        return System.getProperty("herald.container.name", "").startsWith("glassfish");
    }

    @Override
    protected HeraldTarget target() {
        return ContainerTarget.at(base);
    }
}
