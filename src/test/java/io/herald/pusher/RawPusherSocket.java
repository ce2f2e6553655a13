package io.herald.pusher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bare WebSocket for sending exact Pusher frames and reading exact replies and close codes. */
final class RawPusherSocket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    String socketId;

    private RawPusherSocket(URI uri) throws Exception {
        socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closeCode.complete(1006);
            }
        }).get(5, TimeUnit.SECONDS);
    }

    static RawPusherSocket open(int port, String key, String query) throws Exception {
        return new RawPusherSocket(URI.create("ws://127.0.0.1:" + port + "/app/" + key + query));
    }

    /** Opens and reads {@code connection_established}; returns the socket id. */
    static RawPusherSocket connected(int port) throws Exception {
        RawPusherSocket s = open(port, PusherJsStandaloneTest.KEY, "?protocol=7&client=raw&version=1");
        String first = s.next();
        assertTrue(first.startsWith("{\"event\":\"pusher:connection_established\""), first);
        var m = java.util.regex.Pattern.compile("(\\d+\\.\\d+)").matcher(first);
        assertTrue(m.find(), first);
        s.socketId = m.group(1);
        return s;
    }


    void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    String next() throws InterruptedException {
        String m = messages.poll(5, TimeUnit.SECONDS);
        assertNotNull(m, "no message within 5 s");
        return m;
    }

    /** The next message containing {@code fragment}, skipping others (pings). */
    String nextWith(String fragment) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            String m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.contains(fragment)) {
                return m;
            }
        }
        throw new AssertionError("no message with " + fragment + " within 5 s; left: " + messages);
    }

    int awaitClose() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
