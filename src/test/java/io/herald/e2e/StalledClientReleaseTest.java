package io.herald.e2e;

import io.herald.standalone.StandaloneServer;
import io.herald.testing.Fixtures;
import io.herald.testing.RawWebSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading for good costs nothing once it was closed as a slow consumer: its 4001 close
 * frame cannot be written (its socket is full), so the close handshake never ends on its own, and without a
 * bound the connection, its session and its queue would be held until the client goes away. The server drops
 * such a connection once its write queue has not moved for the watch's patience after the close (60 s,
 * {@code StalledCloseWatch}) and forgets the session, on standalone (Tyrus on Grizzly). Clients that read again
 * in time are the 4001 tests of {@link EdgeScenarios}.
 */
@Tag("integration")
class StalledClientReleaseTest extends ScenarioSupport {
    private static StandaloneServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(() -> server = StandaloneTargets.start(Map.of()));

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone");
    }

    @Test
    void clientThatNeverReadsAgainIsDroppedAfterItsSlowConsumerClose() throws Exception {
        String channel = unique("never-");
        long connectionsBefore = info("connections");
        long closesBefore = info("slowConsumerCloses");
        try (RawWebSocket stalled = RawWebSocket.connect(target().wsUri(), Map.of())) {
            assertEquals(101, stalled.handshakeStatus());
            stalled.sendText("{\"id\":1,\"type\":\"connect\"}");
            stalled.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            awaitSubscribers(channel, 1);
            assertEquals(connectionsBefore + 1, info("connections"));
            // from here on the client reads nothing, ever
            String chunk = "\"" + "n".repeat(16 * 1024 - 2) + "\"";
            for (int published = 0; published < 800 && info("slowConsumerCloses") == closesBefore; published += 20) {
                for (int i = 0; i < 20; i++) {
                    publishOverHttp(channel, chunk);
                }
            }
            assertEquals(closesBefore + 1, info("slowConsumerCloses"), "the stalled client was not closed as slow");
            // the close waits 5 s for the frame in flight, then the watch's patience (60 s without a byte taken): ~65 s.
            // The client reads nothing meanwhile: it is the server's side of the socket that must leave ESTABLISHED
            int serverPort = target().wsUri().getPort();
            assertEquals("ESTABLISHED", ServerSocketState.of(serverPort, stalled.localPort()));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String state;
            while ("ESTABLISHED".equals(state = ServerSocketState.of(serverPort, stalled.localPort()))) {
                assertTrue(System.nanoTime() < deadline, "the server still holds the never-reading client's"
                        + " connection 90 s after its slow-consumer close");
                pause();
            }
            assertTrue(state.startsWith("FIN_WAIT") || state.equals("CLOSED") || state.equals("CLOSING")
                    || state.equals("LAST_ACK"), "the server closed its side: " + state);
            assertEquals(connectionsBefore, info("connections"), "the session is forgotten too");
        }
    }

    private long info(String field) throws Exception {
        return json(api("GET", "/api/info", null, null).body()).getJsonNumber(field).longValue();
    }
}
