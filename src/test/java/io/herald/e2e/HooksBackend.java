package io.herald.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The application backend of the container hooks test, a real HTTP server (the JDK's): {@code /connect}
 * answers the connect proxy with the user named by the {@code sid} cookie and one server-side channel;
 * every other path records webhook requests, checking Herald's {@code X-Herald-Signature} itself (the
 * Pusher-format ones are checked by the test with Pusher's SDK).
 */
final class HooksBackend implements AutoCloseable {

    /** One request as received. */
    record Received(String path, Map<String, List<String>> headers, String body, boolean heraldSignatureValid) {
        JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String secret;
    private final List<Received> received = new ArrayList<>();

    HooksBackend(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        Received r = new Received(path, Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8),
                signedByHerald(exchange.getRequestHeaders().getFirst("X-Herald-Signature"), body));
        synchronized (received) {
            received.add(r);
            received.notifyAll();
        }
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        if (path.equals("/connect")) {
            String cookie = r.json().getJsonObject("headers").getString("cookie", "");
            String user = cookie.startsWith("sid=") ? cookie.substring(4) : "";
            answer = (user.isEmpty() ? "{\"error\":{\"message\":\"login required\"}}"
                    : "{\"result\":{\"user\":\"" + user + "\",\"info\":{\"via\":\"cookie\"},\"channels\":[\"room:lobby\"]}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private boolean signedByHerald(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
            for (String part : header.split(",")) {
                if (MessageDigest.isEqual(part.trim().getBytes(StandardCharsets.US_ASCII), expected)) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Received> received(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    /** Every event received on {@code path}, in arrival order. */
    List<JsonObject> events(String path) {
        List<JsonObject> events = new ArrayList<>();
        for (Received r : received(path)) {
            r.json().getJsonArray("events").forEach(v -> events.add(v.asJsonObject()));
        }
        return events;
    }

    /** Waits (bounded) until the events on {@code path} satisfy the condition; fails with what arrived. */
    List<JsonObject> awaitEvents(String path, Predicate<List<JsonObject>> done, Duration wait, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (received) {
            while (true) {
                List<JsonObject> events = events(path);
                if (done.test(events)) {
                    return events;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what + "; got " + events);
                }
                received.wait(left);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
