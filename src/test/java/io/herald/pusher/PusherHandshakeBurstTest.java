package io.herald.pusher;

import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A burst of concurrent handshakes to {@code /app/{key}} right after start: every one is upgraded. */
@Tag("integration")
class PusherHandshakeBurstTest {

    @Test
    void everyConcurrentHandshakeOfABurstIsUpgraded() throws Exception {
        try (HeraldServer server = HeraldServer.start(PusherJsStandaloneTest.CONFIG.replaceFirst("\\{",
                "{\"limits\":{\"newConnectionsPerSecondPerIp\":0},"))) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(pool.submit(() -> {
                        try (RawPusherSocket s = RawPusherSocket.connected(server.server().port())) {
                            return "ok";
                        } catch (Exception | AssertionError e) {
                            Throwable t = e;
                            while (t.getCause() != null) {
                                t = t.getCause();
                            }
                            return t.toString();
                        }
                    }));
                }
                List<String> failures = new ArrayList<>();
                for (Future<String> f : results) {
                    String r = f.get(60, TimeUnit.SECONDS);
                    if (!r.equals("ok")) {
                        failures.add(r);
                    }
                }
                assertEquals(List.of(), failures);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
