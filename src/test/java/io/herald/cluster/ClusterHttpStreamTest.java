package io.herald.cluster;

import io.herald.testing.HeraldNode;
import io.herald.testing.HttpStreamClient;
import io.herald.testing.HttpStreamClient.Kind;
import io.herald.testing.RedisServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Herald JVMs on one Redis, no sticky sessions: a client's stream is on node A while every one of
 * its emulation POSTs goes to node B, which forwards them over Redis to A.
 */
@Tag("integration")
class ClusterHttpStreamTest {
    private static RedisServer redis;
    private static List<HeraldNode> nodes;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        // no command rate limit: the latency test sends hundreds of commands per second on one connection
        String config = ClusterFixture.config(List.of(redis.url()), "streams:")
                .replace("\"limits\": {", "\"limits\": {\"commandsPerSecond\": 0, ");
        nodes = ClusterFixture.start(2, config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodes != null) {
            ClusterFixture.stop(nodes);
        }
        redis.close();
    }

    private static URI base(HeraldNode node) {
        return URI.create("http://127.0.0.1:" + node.port());
    }

    private static HttpStreamClient onAPostingToB(Kind kind, String name) throws Exception {
        HttpStreamClient c = HttpStreamClient.open(kind, base(nodes.get(0)), null, java.util.Map.of());
        c.emulateVia(base(nodes.get(1)));
        JsonObject connected = c.result("connect", ",\"name\":\"" + name + "\"");
        assertTrue(connected.containsKey("client"), connected.toString());
        return c;
    }

    @Test
    void streamOnOneNodeWithCommandsPostedToAnotherGetsEverything() throws Exception {
        for (Kind kind : Kind.values()) {
            String room = "chat:x-" + kind.name().toLowerCase() + System.nanoTime();
            try (HttpStreamClient ann = onAPostingToB(kind, "Ann"); HttpStreamClient bob = onAPostingToB(kind, "Bob")) {
                ann.result("subscribe", ",\"channel\":\"" + room + "\"");
                bob.result("subscribe", ",\"channel\":\"" + room + "\"");
                for (int i = 1; i <= 20; i++) {
                    JsonObject position = ann.result("publish", ",\"channel\":\"" + room + "\",\"data\":" + i);
                    assertEquals(i, position.getInt("offset"));
                }
                for (int i = 1; i <= 20; i++) {
                    JsonObject pub = bob.awaitPush("pub", room);
                    assertEquals(i, pub.getInt("data"), "in order, none lost");
                }
                assertEquals(2, bob.result("presence", ",\"channel\":\"" + room + "\"").getJsonObject("clients").size());
                assertEquals(20, ann.result("history", ",\"channel\":\"" + room + "\",\"limit\":100")
                        .getJsonArray("publications").size());
            }
        }
    }

    /** Event ids hold the positions themselves: an EventSource that comes back on another node resumes there. */
    @Test
    void anSseReconnectToAnotherNodeResumesFromLastEventIdOutOfRedisHistory() throws Exception {
        String room = "chat:resume-" + System.nanoTime();
        String sub = ",\"channel\":\"" + room + "\"";
        try (HttpStreamClient publisher = HttpStreamClient.connected(Kind.HTTP_STREAM, base(nodes.get(1)), "pub")) {
            publisher.result("subscribe", sub);
            String lastId;
            try (HttpStreamClient first = HttpStreamClient.connected(Kind.SSE, base(nodes.get(0)), "r")) {
                String epoch = first.result("subscribe", sub).getString("epoch");
                publisher.result("publish", sub + ",\"data\":1");
                assertEquals(1, first.awaitPush("pub", room).getInt("data"));
                List<String> ids = first.eventIds();
                lastId = ids.get(ids.size() - 1);
                assertEquals("h1;" + room + "," + epoch + ",1", lastId);
            }
            for (int i = 2; i <= 4; i++) {
                publisher.result("publish", sub + ",\"data\":" + i);
            }
            try (HttpStreamClient again = HttpStreamClient.open(Kind.SSE, base(nodes.get(1)),
                    "{\"id\":1,\"type\":\"connect\"}", java.util.Map.of("Last-Event-ID", lastId))) {
                assertTrue(again.awaitReply(1).containsKey("result"));
                JsonObject result = again.awaitPush("resume", room).getJsonObject("result");
                assertTrue(result.getBoolean("recovered"), result.toString());
                var pubs = result.getJsonArray("publications");
                assertEquals(List.of(2, 3, 4), List.of(pubs.getJsonObject(0).getInt("data"),
                        pubs.getJsonObject(1).getInt("data"), pubs.getJsonObject(2).getInt("data")));
                assertEquals(3, pubs.size());
            }
        }
    }

    @Test
    void aForwardedPostForASessionThatEndedIs404() throws Exception {
        HttpStreamClient c = onAPostingToB(Kind.HTTP_STREAM, "gone");
        String session = c.session();
        c.close();
        // A notices the closed stream by its keep-alive (10 s by default); until then the POST still lands
        long deadline = System.nanoTime() + 40_000_000_000L;
        int status = 0;
        while (status != 404 && System.nanoTime() < deadline) {
            status = HttpStreamClient.emulate(base(nodes.get(1)), session, "text/plain",
                    HttpRequest.BodyPublishers.ofString("{\"id\":5,\"type\":\"ping\"}")).statusCode();
            if (status != 404) {
                Thread.sleep(250); // poll interval of the bounded wait
            }
        }
        assertEquals(404, status);
    }

    /** The cost of the extra hop: command round trips with POSTs to the stream's node versus to the other one. */
    @Test
    void forwardingAddsOneBrokerHopAndReportsItsLatency() throws Exception {
        try (HttpStreamClient direct = HttpStreamClient.connected(Kind.HTTP_STREAM, base(nodes.get(0)), "direct");
             HttpStreamClient forwarded = onAPostingToB(Kind.HTTP_STREAM, "forwarded")) {
            int rounds = 300;
            long[] local = new long[rounds];
            long[] remote = new long[rounds];
            for (int i = 0; i < 50; i++) { // warm-up
                direct.result("ping", "");
                forwarded.result("ping", "");
            }
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                direct.result("ping", "");
                long t1 = System.nanoTime();
                forwarded.result("ping", "");
                long t2 = System.nanoTime();
                local[i] = t1 - t0;
                remote[i] = t2 - t1;
            }
            Arrays.sort(local);
            Arrays.sort(remote);
            System.out.printf("emulation round trip (POST + reply on the stream), %d rounds: same node p50 %.2f ms"
                            + " p99 %.2f ms; via another node p50 %.2f ms p99 %.2f ms; extra hop p50 %.2f ms%n", rounds,
                    ms(local[rounds / 2]), ms(local[rounds * 99 / 100]), ms(remote[rounds / 2]),
                    ms(remote[rounds * 99 / 100]), ms(remote[rounds / 2] - local[rounds / 2]));
            assertTrue(remote[rounds / 2] < 1_000_000_000L, "forwarded round trips stay far below a second");
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
