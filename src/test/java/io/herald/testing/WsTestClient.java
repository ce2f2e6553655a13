package io.herald.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A real WebSocket client (Tyrus client over loopback) that speaks protocol v1 for tests. Every wait is
 * bounded and fails the test with a message when it runs out.
 */
public final class WsTestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final WebSocketContainer CONTAINER = ContainerProvider.getWebSocketContainer();

    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final Session session;
    private volatile int textFrames;

    private WsTestClient(URI uri, List<String> subprotocols) throws Exception {
        this(uri, subprotocols, java.util.Map.of());
    }

    private WsTestClient(URI uri, List<String> subprotocols, java.util.Map<String, String> headers) throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(subprotocols)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(java.util.Map<String, List<String>> request) {
                        headers.forEach((k, v) -> request.put(k, List.of(v)));
                    }
                }).build();
        CONTAINER.setDefaultMaxTextMessageBufferSize(8 * 1024 * 1024);
        CONTAINER.setDefaultMaxBinaryMessageBufferSize(8 * 1024 * 1024);
        this.session = CONTAINER.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig c) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    textFrames++;
                    for (String line : text.split("\n")) {
                        try (JsonReader r = Json.createReader(new StringReader(line))) {
                            messages.add(r.readObject());
                        }
                    }
                });
                s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) buf -> {
                    byte[] b = new byte[buf.remaining()];
                    buf.get(b);
                    binaries.add(b);
                });
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
            }
        }, config, uri);
    }

    public static WsTestClient open(URI uri) throws Exception {
        return new WsTestClient(uri, List.of("herald.v1"));
    }

    /** Opens with extra handshake headers (a browser's {@code Cookie}, say). */
    public static WsTestClient open(URI uri, java.util.Map<String, String> headers) throws Exception {
        return new WsTestClient(uri, List.of("herald.v1"), headers);
    }

    public static WsTestClient open(URI uri, List<String> subprotocols) throws Exception {
        return new WsTestClient(uri, subprotocols);
    }

    /** Opens and sends {@code connect}; returns the connect result. */
    public static WsTestClient connected(URI uri, String name) throws Exception {
        WsTestClient client = open(uri);
        client.request("connect", name == null ? "" : ",\"name\":\"" + name + "\"").getJsonObject("result");
        return client;
    }

    public Session session() {
        return session;
    }

    public String negotiatedSubprotocol() {
        return session.getNegotiatedSubprotocol();
    }

    public void sendText(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    public void sendBinary(byte[] bytes) throws IOException {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes));
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    /** Sends {@code {"id":N,"type":type<extraFields>}} and waits for the reply with that id. */
    public JsonObject request(String type, String extraFields) throws Exception {
        long id = nextId();
        sendText("{\"id\":" + id + ",\"type\":\"" + type + "\"" + extraFields + "}");
        return awaitReply(id);
    }

    public JsonObject result(String type, String extraFields) throws Exception {
        JsonObject reply = request(type, extraFields);
        if (!reply.containsKey("result")) {
            throw new AssertionError("expected a result for " + type + ", got " + reply);
        }
        return reply.getJsonObject("result");
    }

    public JsonObject awaitReply(long id) throws InterruptedException {
        return await(m -> m.containsKey("id") && m.getJsonNumber("id").longValue() == id, "reply to id " + id);
    }

    /** Waits for the next message matching {@code predicate}; earlier non-matching ones stay in {@link #seen()}. */
    public JsonObject await(Predicate<JsonObject> predicate, String what) throws InterruptedException {
        synchronized (seen) {
            for (int i = 0; i < seen.size(); i++) {
                if (predicate.test(seen.get(i))) {
                    return seen.remove(i);
                }
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject next = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what + "; unmatched: " + seen);
            }
            if (predicate.test(next)) {
                return next;
            }
            synchronized (seen) {
                seen.add(next);
            }
        }
    }

    public JsonObject awaitPush(String type, String channel) throws InterruptedException {
        return await(m -> type.equals(m.getString("type", null))
                && (channel == null || channel.equals(m.getString("channel", null))), type + " on " + channel);
    }

    /** Drains and returns messages already received, after waiting briefly for none to be pending. */
    public List<JsonObject> seen() {
        synchronized (seen) {
            messages.drainTo(seen);
            return List.copyOf(seen);
        }
    }

    public byte[] awaitBinary() throws InterruptedException {
        byte[] b = binaries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (b == null) {
            throw new AssertionError("timed out waiting for a binary frame");
        }
        return b;
    }

    public CloseReason awaitClose() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public CloseReason awaitClose(Duration wait) throws Exception {
        return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return session.isOpen() && !closed.isDone();
    }

    public int textFrames() {
        return textFrames;
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
