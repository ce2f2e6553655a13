package io.herald.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.app.HubFactory;
import io.herald.config.ConfigLoader;
import io.herald.http.ApiHandler;
import io.herald.http.ApiRequest;
import io.herald.http.ApiResponse;
import io.herald.hub.Hub;
import jakarta.json.Json;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target of the HTTP API's request handling (container-neutral {@link ApiHandler}, real in-memory
 * hub). Input format, so seeds stay readable: {@code METHOD \n PATH?QUERY \n CONTENT-TYPE \n BODY}.
 * Contract: never throws, never answers 500, every answer is JSON.
 */
class ApiRequestFuzzTest {
    private static final String KEY = "fuzz-api-key-0123456789";
    private static final Hub HUB = HubFactory.create(ConfigLoader.load(new StringReader(
            "{\"apiKeys\":[\"" + KEY + "\"],\"statsChannel\":\"\",\"namespaces\":{\"open\":{\"publish\":\"clients\"}}}"),
            "fuzz", Map.of()));
    private static final ApiHandler API = new ApiHandler(HUB);

    @FuzzTest(maxDuration = "5m")
    void handle(byte[] data) {
        String[] parts = new String(data, StandardCharsets.UTF_8).split("\n", 4);
        String method = parts.length > 0 ? parts[0].trim() : "";
        String target = parts.length > 1 ? parts[1].trim() : "";
        String contentType = parts.length > 2 ? parts[2].trim() : "";
        byte[] body = parts.length > 3 ? parts[3].getBytes(StandardCharsets.UTF_8) : new byte[0];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.computeIfAbsent(eq < 0 ? pair : pair.substring(0, eq), k -> new java.util.ArrayList<>())
                        .add(eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        ApiRequest request = new ApiRequest(method, path, query, name -> switch (name) {
            case "Authorization" -> "Bearer " + KEY;
            case "Content-Type" -> contentType.isEmpty() ? null : contentType;
            default -> null;
        }, Arrays.copyOf(body, Math.min(body.length, API.maxBodyBytes())), body.length > API.maxBodyBytes());
        ApiResponse response = API.handle(request);
        assertNotNull(response);
        assertTrue(response.status() != 500, "500 for " + method + " " + path + ": " + response.json());
        Json.createReader(new StringReader(response.json())).readValue(); // valid JSON
    }
}
