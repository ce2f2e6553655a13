package io.herald.hooks;

import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failing backend behind a real standalone Herald: 5xx is retried with the same body, 4xx is not, a
 * hanging backend times out, its events are dropped oldest-first at the queue bound, and WebSocket
 * clients notice none of it.
 */
@Tag("integration")
class WebhookFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private WebhookBackend backend;
    private HeraldServer server;

    @BeforeEach
    void start() throws Exception {
        backend = new WebhookBackend(WebhookLifecycleTest.NEW_SECRET);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    private void startServer(String more) throws Exception {
        server = HeraldServer.start("{\"allowAnonymous\":true,\"statsChannel\":\"\",\"hooks\":{\"webhooks\":["
                + WebhookLifecycleTest.target("h", backend.url("/h").toString(),
                ",\"events\":[\"connect\",\"subscribe\"],\"retryBaseMillis\":50,\"retryMaxMillis\":200" + more) + "]}}");
    }

    private double metric(String name, String labels) throws Exception {
        String text = server.api("GET", "/metrics", null, null).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(text);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no " + name + "{" + labels + "} in /metrics");
    }

    @Test
    void serverErrorsAreRetriedWithTheSameSignedBodyUntilTheBackendAccepts() throws Exception {
        backend.answer("/h", 500, 503);
        startServer(",\"maxAttempts\":5");
        WsTestClient c = server.client("x");
        backend.awaitEvents("/h", e -> e.size() == 3, WAIT, "three attempts of the connect batch");
        List<WebhookBackend.Received> requests = backend.received();
        assertEquals(3, requests.size());
        for (WebhookBackend.Received r : requests) {
            assertEquals(requests.get(0).body(), r.body(), "a retry resends the same events with the same ids");
            assertEquals(requests.get(0).header("X-Herald-Signature"), r.header("X-Herald-Signature"));
            assertTrue(r.signatureValid());
        }
        assertEquals(2.0, metric("herald_webhook_retries_total", "target=\"h\""));
        assertEquals(1.0, metric("herald_webhook_events_sent_total", "target=\"h\""));
        assertEquals(3.0, metric("herald_webhook_requests_total", "target=\"h\""));
        assertTrue(metric("herald_webhook_latency_seconds_count", "target=\"h\"") >= 3.0);
        c.close();
    }

    @Test
    void aBackendThatRefusesAnEventIsNotAskedAgainAndLaterEventsStillGo() throws Exception {
        backend.answer("/h", 400);
        startServer("");
        WsTestClient c = server.client("x");
        backend.awaitEvents("/h", e -> e.size() == 1, WAIT, "the connect, refused");
        c.result("subscribe", ",\"channel\":\"news\"");
        List<JsonObject> events = backend.awaitEvents("/h", e -> WebhookBackend.count(e, "subscribe") == 1, WAIT,
                "the subscribe after the refused connect");
        assertEquals(List.of("connect", "subscribe"), events.stream().map(WebhookBackend::type).toList());
        assertEquals(1.0, metric("herald_webhook_events_dropped_total", "reason=\"rejected\""));
        assertEquals(0.0, metric("herald_webhook_retries_total", "target=\"h\""));
        c.close();
    }

    @Test
    void aHangingBackendIsTimedOutAndDroppedOldestFirstWhileBystandersKeepTheirLatency() throws Exception {
        backend.hang();
        startServer(",\"timeoutMillis\":300,\"maxAttempts\":2,\"queueCapacity\":50,\"batchMaxEvents\":10");
        WsTestClient bystander = server.client("bystander");
        bystander.result("subscribe", ",\"channel\":\"ticks\"");
        List<WsTestClient> crowd = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            WsTestClient c = server.client("c" + i);
            for (int j = 0; j < 10; j++) {
                c.result("subscribe", ",\"channel\":\"room" + j + "\"");
            }
            crowd.add(c);
        }
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long start = System.nanoTime();
            server.api("POST", "/api/publish", "application/json", "{\"channel\":\"ticks\",\"data\":" + i + "}");
            bystander.await(m -> "pub".equals(m.getString("type", null)) || m.containsKey("data"), "tick " + i);
            latencies.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(latencies);
        long p90 = latencies.get(latencies.size() * 9 / 10);
        assertTrue(p90 < 200, "bystander publish-to-receive p90 with the backend hanging: " + latencies);
        // 221 events into a queue of 50 that drains at most 10 per request: the rest were dropped oldest
        // first and counted, and the queue stayed within its bound
        double dropped = metric("herald_webhook_events_dropped_total", "reason=\"queue_full\"");
        double queued = metric("herald_webhook_queued_events", "target=\"h\"");
        double requests = metric("herald_webhook_requests_total", "target=\"h\"");
        assertTrue(queued <= 50.0, "queue bound: " + queued);
        assertTrue(dropped >= 1 && dropped + queued + 10 * requests >= 221,
                "every event is queued, taken by a request or counted dropped: dropped " + dropped + ", queued "
                        + queued + ", requests " + requests);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metric("herald_webhook_events_dropped_total", "reason=\"retries_exhausted\"") < 1) {
            assertTrue(System.nanoTime() < deadline, "a batch that timed out twice is given up");
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // poll the scrape
        }
        assertTrue(metric("herald_webhook_retries_total", "target=\"h\"") >= 1);
        for (WsTestClient c : crowd) {
            c.close();
        }
        bystander.close();
    }
}
