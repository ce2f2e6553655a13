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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Undeploy and redeploy of the built WAR in a running Tomcat (11 or 10.1, per failsafe execution):
 * connected clients get 1001 spread over the drain window, Tomcat's leak detection finds nothing
 * (no thread left running, no ThreadLocal left behind, the old class loader collected), and the hub
 * serves again after the redeploy.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TomcatRedeployIT {
    private static final String NAME = "herald-redeploy";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive war() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    void undeployClosesClientsWith1001AndRedeployServesAgainWithoutLeaks() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + System.getProperty("herald.http.port") + "/herald/");
        TomcatLogs logs = TomcatLogs.of(System.getProperty("herald.container.home"));
        deployer.deploy(NAME);
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(WsTestClient.connected(ws(base), "c" + i));
            }
            long before = logs.mark();
            long start = System.nanoTime();
            deployer.undeploy(NAME);
            long undeployMillis = (System.nanoTime() - start) / 1_000_000;
            for (WsTestClient c : clients) {
                assertEquals(1001, c.awaitClose(Duration.ofSeconds(10)).getCloseCode().getCode());
                assertEquals(1001, c.awaitPush("disconnect", null).getInt("code"));
            }
            // the drain window (shutdownDrainSeconds, 2 s by default) holds the undeploy
            assertTrue(undeployMillis >= 1_000, "undeploy took only " + undeployMillis + " ms");
            String undeployLog = logs.since(before);
            assertTrue(undeployLog.contains("closed 6 clients with 1001"), undeployLog);
            assertNoLeakWarnings(undeployLog);

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
            assertOldClassLoaderCollected();
        } finally {
            for (WsTestClient c : clients) {
                c.close();
            }
            long before = logs.mark();
            deployer.undeploy(NAME);
            assertNoLeakWarnings(logs.since(before));
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
