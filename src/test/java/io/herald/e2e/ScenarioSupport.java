package io.herald.e2e;

import io.herald.testing.WsTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every scenario class needs: the target, a client, the HTTP API, JSON, and bounded waits.
 */
public abstract class ScenarioSupport {
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The target under test; subclasses start it once per class. */
    protected abstract HeraldTarget target();

    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    protected WsTestClient client(String name) throws Exception {
        return WsTestClient.connected(target().wsUri(), name);
    }

    protected HttpResponse<String> api(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(target().httpUri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + HeraldTarget.API_KEY);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected JsonObject publishOverHttp(String channel, String dataJson) throws Exception {
        HttpResponse<String> r = api("POST", "/api/publish", "application/json",
                "{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}");
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    protected static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    protected static String errorCode(JsonObject reply) {
        assertTrue(reply.containsKey("error"), "expected an error reply, got " + reply);
        return reply.getJsonObject("error").getString("code");
    }

    protected static void assertStatus(int status, String code, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, json(response.body()).getJsonObject("error").getString("code"));
    }

    protected void awaitSubscribers(String channel, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonObject channels = json(api("GET", "/api/channels", null, null).body()).getJsonObject("channels");
            if (channels.containsKey(channel) && channels.getInt(channel) == count) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "subscription not seen: " + channels);
            pause();
        }
    }

    /** One poll interval of a bounded wait. */
    protected static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
    }
}
