package io.herald.transport.http;

import io.herald.hub.Transport;
import io.herald.hub.contract.TransportContract;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The {@link Transport} contract against {@link HttpStreamTransport} over a real HTTP-streaming response
 * (a suspended Grizzly response, as standalone runs), read by a plain socket as the peer.
 */
@Tag("integration")
class HttpStreamTransportContractTest extends TransportContract {
    private static final BlockingQueue<HttpStreamTransport> OPENED = new LinkedBlockingQueue<>();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
    private static HttpServer server;
    private static int port;

    private Socket peer;
    private BlockingQueue<String> lines;

    @BeforeAll
    static void startServer() throws Exception {
        server = new HttpServer();
        NetworkListener listener = new NetworkListener("contract", "127.0.0.1", 0);
        server.addListener(listener);
        server.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) {
                response.setContentType(StreamKind.HTTP_STREAM.contentType());
                OPENED.add(new HttpStreamTransport(StreamKind.HTTP_STREAM, new GrizzlyStreamSink(request, response),
                        "00000000.contractcontractcontra", request.getRemoteAddr(), TIMER, code -> { }));
            }
        });
        server.start();
        port = listener.getPort();
    }

    @AfterAll
    static void stopServer() {
        server.shutdownNow();
        TIMER.shutdownNow();
    }

    @AfterEach
    void closePeer() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    @Override
    protected Transport open() throws Exception {
        peer = new Socket("127.0.0.1", port);
        peer.getOutputStream().write(("GET /s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        lines = new LinkedBlockingQueue<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("{")) { // the JSON lines; headers and chunk sizes are not
                        lines.add(line);
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }, "contract-peer");
        reader.setDaemon(true);
        reader.start();
        HttpStreamTransport t = OPENED.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(t, "no stream within " + WAIT);
        return t;
    }

    /** The code of the closing {@code disconnect} message, the stream's equivalent of a close frame. */
    @Override
    protected int peerCloseCode() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            JsonObject m = Json.createReader(new StringReader(line)).readObject();
            if ("disconnect".equals(m.getString("type", null))) {
                return m.getInt("code");
            }
        }
        return 0;
    }

    @Override
    protected List<String> peerReceived(int count) throws Exception {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null) {
                out.add(line);
            }
        }
        return out;
    }
}
