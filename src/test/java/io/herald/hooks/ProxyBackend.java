package io.herald.hooks;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A real HTTP backend for proxy tests: each path answers with what a test's function returns. */
final class ProxyBackend implements AutoCloseable {

    /** An answer: status and body; a null body hangs up without an answer. */
    record Answer(int status, String body) {
        static Answer json(String body) {
            return new Answer(200, body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<JsonObject> requests = new ArrayList<>();

    ProxyBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(executor);
        server.start();
    }

    void on(String path, Function<JsonObject, Answer> handler) {
        server.createContext(path, exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonObject json;
            try (JsonReader r = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
                json = r.readObject();
            }
            synchronized (requests) {
                requests.add(Json.createObjectBuilder(json).add("path", path).build());
            }
            Answer answer = handler.apply(json);
            if (answer.body() == null) {
                exchange.close();
                return;
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<JsonObject> requests(String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.getString("path").equals(path)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
