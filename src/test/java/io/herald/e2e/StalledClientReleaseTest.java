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
 *
 * <p>Such a client is closed once about its outbound queue's bound ({@code limits.outboundQueueBytes}, 1 MiB) plus
 * the capped kernel send buffer ({@code server.sendBufferBytes}, 128 KiB, which the kernel doubles) was pushed to
 * it, not after the megabytes more that Linux's send-buffer autotuning would let it hide in the kernel (up to
 * {@code tcp_wmem}'s maximum, 4 MiB on Debian).
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
        try (RawWebSocket stalled = subscribed(channel, 0)) {
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

    @Test
    void stalledClientIsClosedWith4001AfterItsQueueBoundAndTheCappedKernelBuffer() throws Exception {
        String channel = unique("cap-");
        long closesBefore = info("slowConsumerCloses");
        // a 16 KiB receive buffer (the kernel makes it 32 KiB) keeps the client's side small and fixed
        try (RawWebSocket stalled = subscribed(channel, 16 * 1024)) {
            // from here the client reads nothing until it looks for its close frame. 96 x 16 KiB = 1.5 MiB: the
            // queue's 1 MiB, 256 KiB in the server's kernel, 32 KiB in the client's, one write in flight, and room
            String piece = "\"" + "c".repeat(16 * 1024 - 2) + "\"";
            for (int i = 0; i < 96; i++) {
                publishOverHttp(channel, piece);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (info("slowConsumerCloses") == closesBefore) {
                assertTrue(System.nanoTime() < deadline, "no slow-consumer close 10 s after 96 x 16 KiB were pushed"
                        + " to a client that reads nothing: the kernel holds more than its cap");
                pause();
            }
            assertEquals(closesBefore + 1, info("slowConsumerCloses"));
            assertEquals(4001, stalled.awaitCloseCode(Duration.ofSeconds(15)));
        }
    }

    /** A raw client, connected and subscribed to the channel (receive buffer 0 = the kernel's default). */
    private RawWebSocket subscribed(String channel, int receiveBuffer) throws Exception {
        RawWebSocket client = RawWebSocket.connect(target().wsUri(), Map.of(), receiveBuffer);
        assertEquals(101, client.handshakeStatus());
        client.sendText("{\"id\":1,\"type\":\"connect\"}");
        client.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        awaitSubscribers(channel, 1);
        return client;
    }

    private long info(String field) throws Exception {
        return json(api("GET", "/api/info", null, null).body()).getJsonNumber(field).longValue();
    }
}
