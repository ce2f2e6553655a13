package io.herald.http;

import io.herald.testing.HeraldServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document served at {@code /api/openapi.json} against the running standalone server:
 * every documented operation answers its documented example with 200 and the documented fields, the
 * wrong method and a missing key with documented statuses, and the document lists exactly the
 * endpoints of docs/http-api.md.
 */
@Tag("integration")
class OpenApiTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static HeraldServer server;
    private static JsonObject doc;

    @BeforeAll
    static void start() throws Exception {
        server = HeraldServer.start(null);
        HttpResponse<String> r = call("GET", "/api/openapi.json", null, null, false);
        assertEquals(200, r.statusCode(), "served without an API key");
        doc = json(r.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static HttpResponse<String> call(String method, String path, String contentType, String body, boolean key)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.httpUri(path)).timeout(Duration.ofSeconds(10));
        if (key) {
            b.header("Authorization", "Bearer " + server.apiKey());
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The only method of {@code path} in the document, with its operation. */
    private static Map.Entry<String, JsonValue> operation(String path) {
        JsonObject item = doc.getJsonObject("paths").getJsonObject(path);
        assertEquals(1, item.size(), "one method per path: " + path);
        return item.entrySet().iterator().next();
    }

    /** The documented example request: query from the parameters' examples, JSON body from the requestBody's. */
    private static HttpResponse<String> example(String path, String method, JsonObject op, boolean key) throws Exception {
        StringBuilder query = new StringBuilder();
        if (op.containsKey("parameters")) {
            for (JsonValue p : op.getJsonArray("parameters")) {
                JsonObject param = p.asJsonObject();
                if (param.containsKey("example")) {
                    JsonValue ex = param.get("example");
                    String value = ex.getValueType() == JsonValue.ValueType.STRING ? param.getString("example") : ex.toString();
                    query.append(query.length() == 0 ? "?" : "&").append(param.getString("name")).append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            }
        }
        String body = null;
        String type = null;
        if (op.containsKey("requestBody")) {
            body = op.getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json").get("example").toString();
            type = "application/json";
        }
        return call(method, "/api" + path + query, type, body, key);
    }

    private static JsonObject schema(JsonObject response) {
        JsonObject r = response.containsKey("$ref") ? resolve(response.getString("$ref")) : response;
        JsonObject s = r.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
        return s.containsKey("$ref") ? resolve(s.getString("$ref")) : s;
    }

    private static JsonObject resolve(String ref) {
        JsonObject at = doc;
        for (String part : ref.substring(2).split("/")) {
            at = at.getJsonObject(part);
        }
        return at;
    }

    /** The response's status is documented for the operation, and its body has the documented required fields. */
    private static void assertAsDocumented(String what, JsonObject op, HttpResponse<String> r) {
        JsonObject responses = op.getJsonObject("responses");
        String status = Integer.toString(r.statusCode());
        assertTrue(responses.containsKey(status), what + ": status " + status + " is not documented: " + r.body());
        JsonObject body = json(r.body());
        for (JsonValue field : schema(responses.getJsonObject(status)).getJsonArray("required")) {
            String name = ((jakarta.json.JsonString) field).getString();
            assertTrue(body.containsKey(name), what + ": " + status + " lacks documented field " + name + ": " + r.body());
        }
    }

    private static String method(Map.Entry<String, JsonValue> e) {
        return e.getKey().toUpperCase(Locale.ROOT);
    }

    @Test
    void theDocumentIsOpenApi31() {
        assertEquals("3.1.0", doc.getString("openapi"));
        assertTrue(doc.getJsonObject("paths").size() >= 8);
    }

    @Test
    void everyDocumentedOperationAnswersItsExampleAsDocumented() throws Exception {
        for (String path : doc.getJsonObject("paths").keySet()) {
            Map.Entry<String, JsonValue> e = operation(path);
            JsonObject op = e.getValue().asJsonObject();
            HttpResponse<String> r = example(path, method(e), op, true);
            assertEquals(200, r.statusCode(), method(e) + " " + path + ": " + r.body());
            assertAsDocumented(method(e) + " " + path, op, r);
        }
    }

    @Test
    void theWrongMethodAndAMissingKeyGetDocumentedStatuses() throws Exception {
        for (String path : doc.getJsonObject("paths").keySet()) {
            Map.Entry<String, JsonValue> e = operation(path);
            JsonObject op = e.getValue().asJsonObject();
            String wrong = "GET".equals(method(e)) ? "POST" : "GET";
            HttpResponse<String> r = call(wrong, "/api" + path, null, null, true);
            assertEquals(405, r.statusCode(), wrong + " " + path);
            assertAsDocumented(wrong + " " + path, op, r);
            HttpResponse<String> noKey = example(path, method(e), op, false);
            boolean open = op.containsKey("security") && op.getJsonArray("security").isEmpty();
            assertEquals(open ? 200 : 401, noKey.statusCode(), path + " without a key");
            assertAsDocumented(path + " without a key", op, noKey);
        }
    }

    @Test
    void theDocumentListsExactlyTheEndpointsOfTheHttpApiGuide() throws Exception {
        String guide = Files.readString(Path.of("docs", "http-api.md"));
        Matcher m = Pattern.compile("^### `(GET|POST) /api(/[a-z.]+)", Pattern.MULTILINE).matcher(guide);
        TreeSet<String> guideOps = new TreeSet<>();
        while (m.find()) {
            guideOps.add(m.group(1) + " " + m.group(2));
        }
        TreeSet<String> docOps = new TreeSet<>();
        for (String path : doc.getJsonObject("paths").keySet()) {
            docOps.add(method(operation(path)) + " " + path);
        }
        assertEquals(guideOps, docOps);
    }
}
