package io.herald.testing;

import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;
import io.herald.standalone.TestServers;
import io.herald.standalone.StandaloneServer;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Starts a real standalone Herald (Grizzly + Tyrus) on an ephemeral loopback port for a test class. */
public final class HeraldServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final StandaloneServer server;

    private HeraldServer(StandaloneServer server) {
        this.server = server;
    }

    /**
     * @param configJson a config document (merged over defaults), or null for defaults plus anonymous access
     *                   (the built-in default refuses anonymous clients)
     */
    public static HeraldServer start(String configJson) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_SERVER_HOST", "127.0.0.1");
        env.put("HERALD_SERVER_PORT", "0");
        String json = configJson == null ? "{\"allowAnonymous\":true}" : configJson;
        HeraldConfig config = ConfigLoader.load(new StringReader(json), "test config", env);
        return new HeraldServer(TestServers.start(config));
    }

    public StandaloneServer server() {
        return server;
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public String apiKey() {
        return server.apiKey();
    }

    public HttpResponse<String> api(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(httpUri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey());
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public WsTestClient client(String name) throws Exception {
        return WsTestClient.connected(wsUri(), name);
    }

    @Override
    public void close() {
        server.close();
    }
}
