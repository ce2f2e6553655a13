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
 * On standalone, a client that stops reading is closed with 4001 once about its outbound queue's bound
 * ({@code limits.outboundQueueBytes}, 1 MiB) plus the capped kernel send buffer ({@code server.sendBufferBytes},
 * 128 KiB, which the kernel doubles) was pushed to it, not after the megabytes more that Linux's send-buffer
 * autotuning would otherwise let it hide in the kernel (up to {@code tcp_wmem}'s maximum, 4 MiB on Debian).
 */
@Tag("integration")
class SendBufferCapTest extends ScenarioSupport {
    private static final int PIECE = 16 * 1024;
    /** 1.5 MiB: the queue's 1 MiB, 256 KiB in the server's kernel, 32 KiB in the client's, one write in flight, and room to spare */
    private static final int PIECES = 96;

    private static StandaloneServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(() -> server = StandaloneTargets.start(Map.of()));

    @Override
    protected HeraldTarget target() {
        return StandaloneTargets.of(server, "standalone");
    }

    @Test
    void stalledClientIsClosedWith4001AfterItsQueueBoundAndTheCappedKernelBuffer() throws Exception {
        String channel = unique("cap-");
        long closesBefore = slowConsumerCloses();
        // a 16 KiB receive buffer (the kernel makes it 32 KiB) keeps the client's side small and fixed
        try (RawWebSocket stalled = RawWebSocket.connect(target().wsUri(), Map.of(), PIECE)) {
            assertEquals(101, stalled.handshakeStatus());
            stalled.sendText("{\"id\":1,\"type\":\"connect\"}");
            stalled.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            awaitSubscribers(channel, 1);
            // from here the client reads nothing until it looks for its close frame
            String piece = "\"" + "c".repeat(PIECE - 2) + "\"";
            for (int i = 0; i < PIECES; i++) {
                publishOverHttp(channel, piece);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (slowConsumerCloses() == closesBefore) {
                assertTrue(System.nanoTime() < deadline, "no slow-consumer close 10 s after " + PIECES
                        + " x 16 KiB were pushed to a client that reads nothing: the kernel holds more than its cap");
                pause();
            }
            assertEquals(closesBefore + 1, slowConsumerCloses());
            assertEquals(4001, stalled.awaitCloseCode(Duration.ofSeconds(15)));
        }
    }

    private long slowConsumerCloses() throws Exception {
        return json(api("GET", "/api/info", null, null).body()).getJsonNumber("slowConsumerCloses").longValue();
    }
}
