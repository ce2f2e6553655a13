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
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The raw-frame conformance suite against the built WAR in a real servlet container (Tomcat 11/10.1,
 * GlassFish 7/8, chosen by the failsafe execution like {@link ContainerScenariosIT}). Here the
 * container's own WebSocket implementation parses the frames: Herald's Grizzly ConnectionGuardFilter
 * exists only in the standalone server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("integration")
class ContainerRawFrameConformanceIT extends RawFrameConformance {

    @Deployment(testable = false)
    static WebArchive war() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    private URL base;

    /**
     * Tomcat and GlassFish have no deadline for a whole request header: their read timeout (Tomcat's
     * connectionTimeout, GlassFish's Grizzly read timeout) restarts with every byte, so a dribble of one
     * header line a second is never timed out; they end it only at their header size limit (Tomcat
     * maxHttpHeaderSize, GlassFish header-buffer-length, both 8 KB by default). Slowloris is an HTTP matter,
     * not an RFC 6455 one; the suite asserts that the dribble blocks no one (NIO connectors hold no
     * thread for it) and that the container ends the request at its limit. Herald's handshake deadline
     * (security.handshakeTimeoutSeconds) is the standalone server's Grizzly filter; in a container the
     * deadline belongs to the container or the reverse proxy in front of it.
     */
    @Override
    protected boolean hasHandshakeDeadline() {
        return false;
    }

    /** How long the slow drip lasts before the header is grown to the limit: the e2e handshake timeout. */
    @Override
    protected Duration handshakeTimeout() {
        return Duration.ofSeconds(3);
    }

    /**
     * Tomcat does not judge a data frame's declared length: it reads the payload into the session's
     * bounded text buffer (Herald sets it to limits.maxMessageBytes, 64 KiB by default) and closes with
     * 1009 when it overflows, so the probe sends a little more than that. For GlassFish the probe covers
     * Tyrus's incoming frame buffer (4 MiB by default in its servlet integration) in case it waits for
     * it; measured, GlassFish 7 fails the connection at once. Nothing is allocated for the declared
     * 2^40 bytes either way, which is what the case guards against.
     */
    @Override
    protected int declaredLengthProbeBytes() {
        return glassfish() ? 4 * 1024 * 1024 + 64 * 1024 : 64 * 1024 + 1024;
    }

    /**
     * GlassFish's Tyrus fails this connection with 1011 (internal error) where Tomcat and the standalone
     * server send 1009 (message too big). RFC 6455 7.1.7 lets an endpoint fail the connection with a
     * close frame of any fitting code (7.4.1 lists them with "MAY"), so 1011 is conformant, only less
     * precise; the connection still ends at once and bystanders are unaffected.
     */
    @Override
    protected Set<Integer> hugeDeclaredLengthCodes() {
        if (!glassfish()) {
            return super.hugeDeclaredLengthCodes();
        }
        Set<Integer> codes = new HashSet<>(super.hugeDeclaredLengthCodes());
        codes.add(1011);
        return codes;
    }

    /**
     * GlassFish's Tyrus does not check the mask bit of client frames (the standalone server has Herald's
     * ConnectionGuardFilter for this; a WAR cannot see frames in a container): it takes an unmasked frame
     * as if it were masked. That deviates from RFC 6455 5.1 but harms no one, since masking protects
     * proxies from a browser's crafted bytes and a browser always masks; the suite asserts the connection
     * and the server stay sound and prints the deviation. Tomcat fails the connection with 1002.
     */
    @Override
    protected boolean enforcesClientMasking() {
        return !glassfish();
    }

    private static boolean glassfish() {
        return System.getProperty("herald.container.name", "").startsWith("glassfish");
    }

    @Override
    protected HeraldTarget target() {
        return ContainerTarget.at(base);
    }
}
