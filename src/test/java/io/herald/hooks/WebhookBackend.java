package io.herald.hooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.hooks.webhook.Hmac;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP backend for webhook tests (the JDK's HttpServer): records every request and checks its
 * Herald signature with the secret it knows. A test scripts the answers per path: a status sequence, or
 * hanging until released.
 */
final class WebhookBackend implements AutoCloseable {

    /** One request as received. */
    record Received(String path, Map<String, List<String>> headers, String body, boolean signatureValid) {
        JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final String secret;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<Integer>> scripted = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    WebhookBackend(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next answers on {@code path}, in order; after them, 200. */
    void answer(String path, Integer... statuses) {
        scripted.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
    }

    /** From now on every request hangs (no answer) until {@link #close}. */
    void hang() {
        hang = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        Received r = new Received(path, Map.copyOf(exchange.getRequestHeaders()),
                new String(body, StandardCharsets.UTF_8), verify(exchange, body));
        synchronized (received) {
            received.add(r);
            received.notifyAll();
        }
        if (hang) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        Integer status = scripted.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
        exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        exchange.close();
    }

    /** The Herald scheme: any of the comma-separated {@code sha256=<hex>} values matches the body. */
    private boolean verify(HttpExchange exchange, byte[] body) {
        String header = exchange.getRequestHeaders().getFirst("X-Herald-Signature");
        if (header == null) {
            return false;
        }
        String expected = "sha256=" + Hmac.sha256Hex(secret, body);
        for (String part : header.split(",")) {
            if (java.security.MessageDigest.isEqual(part.trim().getBytes(StandardCharsets.US_ASCII),
                    expected.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Every event of every request on {@code path}, in arrival order (a retried batch appears again). */
    List<JsonObject> events(String path) {
        List<JsonObject> events = new ArrayList<>();
        for (Received r : received()) {
            if (r.path().equals(path)) {
                r.json().getJsonArray("events").forEach(v -> events.add(v.asJsonObject()));
            }
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

    static long count(List<JsonObject> events, String type) {
        return events.stream().filter(e -> type.equals(type(e))).count();
    }

    static String type(JsonObject e) {
        return e.containsKey("type") ? e.getString("type") : e.getString("name");
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
