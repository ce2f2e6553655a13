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
     * peer address; Herald's servlet filter passes it on), never {@code remote=unknown}. The line is found by
     * the connection's client id in every log file of the container, rotated ones too: GlassFish rotates
     * {@code server.log} by size, and a clean-clone run once rotated it between the test's mark and its read.
     */
    @org.junit.jupiter.api.Test
    void theHubLogsTheAddressTheHandshakeCameFrom() throws Exception {
        java.nio.file.Path logs = glassfish()
                ? java.nio.file.Path.of(System.getProperty("herald.container.home"), "glassfish", "domains", "domain1", "logs")
                : java.nio.file.Path.of(System.getProperty("herald.container.home"), "logs");
        String prefix = glassfish() ? "server.log" : "catalina.";
        try (io.herald.testing.WsTestClient c = io.herald.testing.WsTestClient.open(target().wsUri())) {
            String client = c.request("connect", ",\"name\":\"addr\"").getJsonObject("result").getString("client");
            String needle = "client=" + client + " ";
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            String line = logLine(logs, prefix, needle);
            while (line == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
                line = logLine(logs, prefix, needle);
            }
            org.junit.jupiter.api.Assertions.assertNotNull(line,
                    "no log line with " + needle + "in " + logs.getFileName() + "/" + prefix + "* within 10 s");
            org.junit.jupiter.api.Assertions.assertTrue(line.contains("remote=127.0.0.1"), line);
            org.junit.jupiter.api.Assertions.assertFalse(line.contains("remote=unknown"), line);
        }
    }

    /** The first line holding {@code needle} in the files of {@code dir} whose names start with {@code prefix}. */
    private static String logLine(java.nio.file.Path dir, String prefix, String needle) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path file : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                String text = new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
                int at = text.indexOf(needle);
                if (at >= 0) {
                    int start = text.lastIndexOf('\n', at) + 1;
                    int end = text.indexOf('\n', at);
                    return text.substring(start, end < 0 ? text.length() : end);
                }
            }
        }
        return null;
    }

    private static boolean glassfish() {
        return System.getProperty("herald.container.name", "").startsWith("glassfish");
    }

    @Override
    protected HeraldTarget target() {
        return ContainerTarget.at(base);
    }
}
