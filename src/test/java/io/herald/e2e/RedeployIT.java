package io.herald.e2e;

import io.herald.containers.BuiltWar;
import io.herald.containers.TomcatLogs;
import io.herald.testing.WsTestClient;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Undeploy and redeploy of the built WAR in a running container (per failsafe execution): connected
 * clients get a disconnect push and 1001 spread over the drain window, and the hub serves again after
 * the redeploy. On Tomcat also: its leak detection finds nothing (no thread left running, no
 * ThreadLocal left behind) and the old class loader is collected. GlassFish has no such detector.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("integration")
class RedeployIT {
    private static final String NAME = "herald-redeploy";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive war() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    void undeployClosesClientsWith1001OverTheDrainWindowAndRedeployServesAgain() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + System.getProperty("herald.http.port") + "/herald/");
        boolean tomcat = System.getProperty("herald.container.name", "").startsWith("tomcat");
        TomcatLogs logs = tomcat ? TomcatLogs.of(System.getProperty("herald.container.home")) : null;
        deployer.deploy(NAME);
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(WsTestClient.connected(ws(base), "c" + i));
            }
            long before = tomcat ? logs.mark() : 0;
            long start = System.nanoTime();
            // Arquillian's deployer works on the test thread only, so a helper thread watches the clients
            long[] closedAt = new long[clients.size()];
            Thread watcher = new Thread(() -> awaitClosed(clients, closedAt), "test-close-watcher");
            watcher.start();
            deployer.undeploy(NAME);
            long undeployMillis = (System.nanoTime() - start) / 1_000_000;
            watcher.join(Duration.ofSeconds(30).toMillis());
            assertTrue(Arrays.stream(closedAt).allMatch(t -> t != 0), "clients still open after the undeploy");
            for (WsTestClient c : clients) {
                assertEquals(1001, c.awaitClose(Duration.ofSeconds(10)).getCloseCode().getCode());
                assertEquals(1001, c.awaitPush("disconnect", null).getInt("code"), "Herald's own close, not the container's");
            }
            // the drain window (shutdownDrainSeconds, 2 s by default) spreads the closes and holds the undeploy
            long spread = (Arrays.stream(closedAt).max().getAsLong() - Arrays.stream(closedAt).min().getAsLong()) / 1_000_000;
            assertTrue(spread >= 300, "closes spread over only " + spread + " ms");
            assertTrue(undeployMillis >= 1_000, "undeploy took only " + undeployMillis + " ms");
            if (tomcat) {
                String undeployLog = logs.since(before);
                assertTrue(undeployLog.contains("closed 6 clients with 1001"), undeployLog);
                assertNoLeakWarnings(undeployLog);
            }

            deployer.deploy(NAME);
            try (WsTestClient again = WsTestClient.connected(ws(base), "after")) {
                again.result("subscribe", ",\"channel\":\"news\"");
                HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(base.resolve("api/publish"))
                        .header("Authorization", "Bearer " + HeraldTarget.API_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"news\",\"data\":\"again\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, published.statusCode(), published.body());
                JsonObject pub = again.awaitPush("pub", "news");
                assertEquals("again", pub.getString("data"));
                assertEquals(1, pub.getInt("offset"), "a fresh hub after the redeploy");
            }
            if (tomcat) {
                assertOldClassLoaderCollected();
            }
        } finally {
            for (WsTestClient c : clients) {
                c.close();
            }
            long before = tomcat ? logs.mark() : 0;
            deployer.undeploy(NAME);
            if (tomcat) {
                assertNoLeakWarnings(logs.since(before));
            }
        }
    }

    /** Notes when each client saw its close, polling with a deadline while the undeploy drains. */
    private static void awaitClosed(List<WsTestClient> clients, long[] closedAt) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int open = clients.size();
        while (open > 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < clients.size(); i++) {
                if (closedAt[i] == 0 && !clients.get(i).isOpen()) {
                    closedAt[i] = System.nanoTime();
                    open--;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static URI ws(URI base) {
        return URI.create("ws" + base.toString().substring(4) + "ws");
    }

    /**
     * Tomcat's leak detection runs with the add-opens catalina.sh would set (see arquillian.xml), so
     * ThreadLocal and RMI checks are on. One line is skipped: Tomcat's own utility thread, when it runs
     * the context's background processing during the undeploy, briefly carries the application's class
     * loader and is then reported as "started by the web application".
     */
    private static void assertNoLeakWarnings(String fullLog) {
        String log = fullLog.lines().filter(l -> !l.contains("thread named [Catalina-utility-"))
                .reduce("", (a, b) -> a + b + "\n");
        for (String sign : List.of("appears to have started a thread", "memory leak", "failed to remove it",
                "failed to stop it", "Failed to clear", "You need to add")) {
            assertTrue(!log.contains(sign), "Tomcat reported '" + sign + "':\n" + log);
        }
    }

    /**
     * The manager's {@code findleaks} forces a GC and lists applications whose class loader from an
     * earlier deployment is still reachable. Polled with a deadline: one GC may not clear soft caches.
     */
    private static void assertOldClassLoaderCollected() throws Exception {
        String auth = Base64.getEncoder().encodeToString("arquillian:arquillian-test-only".getBytes(StandardCharsets.UTF_8));
        URI findleaks = URI.create("http://127.0.0.1:" + System.getProperty("herald.http.port")
                + "/manager/text/findleaks?statusLine=true");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body;
        do {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(findleaks).header("Authorization", "Basic " + auth)
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            body = r.body();
            if (body.startsWith("OK")) {
                return;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Tomcat still holds an undeployed Herald's class loader:\n" + body);
    }
}
