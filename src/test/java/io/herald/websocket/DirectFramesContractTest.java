package io.herald.websocket;

import io.herald.hub.Frame;
import io.herald.hub.Transport;
import io.herald.standalone.GrizzlyDirectFrames;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Transport} contract on the standalone fast path: the same Tyrus/Grizzly sessions with
 * {@link GrizzlyDirectFrames} bound to their container, so text frames go straight to Grizzly's write queue.
 * Also guards a Tyrus or Grizzly upgrade: if the internals the sink reads move, this fails instead of
 * silently losing the fast path.
 */
@Tag("integration")
class DirectFramesContractTest extends SessionTransportContractTest {

    @Override
    SessionTransport transport(Session session, SessionCloser closer) {
        GrizzlyDirectFrames frames = GrizzlyDirectFrames.create();
        assertNotNull(frames, "direct frames are on by default");
        HubDirectory.bindDirectFrames(session.getContainer(), frames);
        try {
            SessionTransport transport = new SessionTransport(session, RemoteAddress.of(session), closer);
            assertTrue(transport.direct(), "a plain Tyrus/Grizzly session must get the direct path");
            return transport;
        } finally {
            HubDirectory.bindDirectFrames(session.getContainer(), null);
        }
    }

    @Test
    void aThousandFramesArriveWholeAndInOrder() throws Exception {
        Transport transport = open();
        List<String> sent = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1000);
        sendChain(transport, 0, 1000, sent, done);
        assertTrue(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "all sends completed");
        assertEquals(sent, peerReceived(1000));
    }

    /** One send in flight: the next starts when the previous completed, as the outbound queue does. */
    private static void sendChain(Transport transport, int i, int n, List<String> sent,
                                  CountDownLatch done) {
        if (i == n) {
            return;
        }
        String text = "m" + i + "-" + "x".repeat(i % 300);
        sent.add(text);
        transport.send(new Frame.Text(text), error -> {
            if (error == null) {
                done.countDown();
                sendChain(transport, i + 1, n, sent, done);
            }
        });
    }
}
