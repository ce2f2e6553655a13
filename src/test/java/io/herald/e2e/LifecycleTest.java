package io.herald.e2e;

import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shutdown and operations settings on the standalone server (containers: ContainerScenariosIT, RedeployIT). */
@Tag("integration")
class LifecycleTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shutdownClosesEveryClientWith1001SpreadOverTheDrainWindow() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        HeraldServer server = HeraldServer.start("{\"shutdownDrainSeconds\":1}");
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                clients.add(server.client("c" + i));
            }
            long start = System.nanoTime();
            Thread closer = new Thread(server::close, "test-server-close");
            closer.start();
            // note when each client sees its close, polling with a deadline while the server drains
            long[] closedAt = new long[clients.size()];
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int open = clients.size();
            while (open > 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < clients.size(); i++) {
                    if (closedAt[i] == 0 && !clients.get(i).isOpen()) {
                        closedAt[i] = System.nanoTime();
                        open--;
                    }
                }
                Thread.sleep(5);
            }
            assertEquals(0, open, "clients still open after 10 s");
            closer.join(Duration.ofSeconds(10).toMillis());
            long closeMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closeMillis >= 500 && closeMillis < 5_000, "close took " + closeMillis + " ms");
            for (WsTestClient c : clients) {
                CloseReason reason = c.awaitClose(Duration.ofSeconds(5));
                assertEquals(1001, reason.getCloseCode().getCode());
                assertEquals(1001, c.awaitPush("disconnect", null).getInt("code"));
            }
            long spreadMillis = (java.util.Arrays.stream(closedAt).max().getAsLong()
                    - java.util.Arrays.stream(closedAt).min().getAsLong()) / 1_000_000;
            assertTrue(spreadMillis >= 300, "closes spread over only " + spreadMillis + " ms");
            assertNoNewHeraldThreadsBut(before, "herald-worker"); // Grizzly's pool ends on its own schedule
        } finally {
            server.close();
            for (WsTestClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void metricsCanBeTurnedOffWhileHealthStaysUp() throws Exception {
        try (HeraldServer server = HeraldServer.start("{\"metrics\":{\"enabled\":false}}")) {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(server.httpUri("/metrics"))
                            .header("Authorization", "Bearer " + server.apiKey()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, metrics.statusCode());
            assertTrue(metrics.body().contains("\"not_found\""), metrics.body());
            HttpResponse<String> live = HTTP.send(HttpRequest.newBuilder(server.httpUri("/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode());
        }
    }

    /** Threads this test's server started must be gone; other tests' servers in this JVM are not ours to judge. */
    private static void assertNoNewHeraldThreadsBut(java.util.Set<Thread> before, String allowedPrefix) {
        List<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !before.contains(t)).map(Thread::getName)
                .filter(n -> n.startsWith("herald-") && !n.startsWith(allowedPrefix)).toList();
        assertTrue(left.isEmpty(), "threads left: " + left);
    }
}
