package io.herald.websocket;

import io.herald.hub.Transport;
import io.herald.hub.contract.TransportContract;
import io.herald.testing.RedisServer;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The {@link Transport} contract against {@link SessionTransport} over real WebSocket sessions: a
 * Tyrus/Grizzly server (as standalone runs) and the JDK's WebSocket client as the peer.
 */
@Tag("integration")
class SessionTransportContractTest extends TransportContract {
    private static final BlockingQueue<Session> OPENED = new LinkedBlockingQueue<>();
    private static Server server;
    private static int port;
    private static SessionCloser closer;

    private Peer peer;
    private WebSocket client;

    /** Hands each server-side session to the test. */
    @ServerEndpoint("/t")
    public static class Endpoint {
        @OnOpen
        public void onOpen(Session session) {
            OPENED.add(session);
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        port = RedisServer.freePort();
        server = new Server("127.0.0.1", port, "/", null, Endpoint.class);
        server.start();
        closer = new SessionCloser();
    }

    @AfterAll
    static void stopServer() {
        closer.shutdown(1000);
        server.stop();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.abort();
        }
    }

    @Override
    protected Transport open() throws Exception {
        peer = new Peer();
        client = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/t"), peer).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Session session = OPENED.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(session, "no server session within " + WAIT);
        return transport(session, closer);
    }

    /** The transport under test for a fresh server session. */
    SessionTransport transport(Session session, SessionCloser closer) {
        return new SessionTransport(session, RemoteAddress.of(session), closer);
    }

    @Override
    protected int peerCloseCode() throws Exception {
        try {
            return peer.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return 0;
        }
    }

    @Override
    protected List<String> peerReceived(int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> texts = new ArrayList<>();
        while (texts.size() < count) {
            String t = peer.texts.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (t == null) {
                break;
            }
            // coalescing is the queue's job, not the transport's: one send is one message here
            texts.add(t);
        }
        return texts;
    }

    /** The browser's side: collects whole text messages and the close code. */
    private static final class Peer implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(1006);
        }
    }
}
