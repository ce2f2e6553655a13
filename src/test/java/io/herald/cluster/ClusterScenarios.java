package io.herald.cluster;

import io.herald.testing.HeraldNode;
import io.herald.testing.WsTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a cluster of Herald nodes (separate JVMs) on Redis must do, written once and run per topology
 * (one Redis, two shards). Clients connect to different nodes, as behind a load balancer without
 * sticky sessions.
 */
abstract class ClusterScenarios {

    /** The running nodes, at least three. */
    protected abstract List<HeraldNode> nodes();

    protected HeraldNode node(int i) {
        return nodes().get(i);
    }

    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    static JsonObject publish(HeraldNode node, String channel, String data) throws Exception {
        HttpResponse<String> r = node.api("POST", "/api/publish", "{\"channel\":\"" + channel + "\",\"data\":" + data + "}");
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    static String subscribeField(String channel) {
        return ",\"channel\":\"" + channel + "\"";
    }

    @Test
    void everyNodeIsReady() throws Exception {
        for (HeraldNode n : nodes()) {
            assertEquals(200, n.health(), n.name() + " /health");
        }
    }

    @Test
    void aPublicationThroughOneNodeReachesSubscribersOnEveryNode() throws Exception {
        String ch = unique("news-");
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (HeraldNode n : nodes()) {
                WsTestClient c = WsTestClient.connected(n.wsUri(), n.name());
                c.result("subscribe", subscribeField(ch));
                clients.add(c);
            }
            JsonObject pos = publish(node(0), ch, "{\"n\":1}");
            for (WsTestClient c : clients) {
                JsonObject pub = c.awaitPush("pub", ch);
                assertEquals(pos.getJsonNumber("offset").longValue(), pub.getJsonNumber("offset").longValue());
                assertEquals(1, pub.getJsonObject("data").getInt("n"));
            }
        } finally {
            for (WsTestClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void clientsOnDifferentNodesChatInOneOrder() throws Exception {
        String ch = unique("chat:room-");
        try (WsTestClient ann = WsTestClient.connected(node(0).wsUri(), "Ann");
             WsTestClient bob = WsTestClient.connected(node(1).wsUri(), "Bob");
             WsTestClient eve = WsTestClient.connected(node(2).wsUri(), "Eve")) {
            for (WsTestClient c : List.of(ann, bob, eve)) {
                c.result("subscribe", subscribeField(ch));
            }
            for (int i = 0; i < 10; i++) {
                ann.sendText("{\"id\":" + ann.nextId() + ",\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":\"a" + i + "\"}");
                bob.sendText("{\"id\":" + bob.nextId() + ",\"type\":\"publish\",\"channel\":\"" + ch + "\",\"data\":\"b" + i + "\"}");
            }
            List<List<String>> seen = new ArrayList<>();
            for (WsTestClient c : List.of(ann, bob, eve)) {
                List<String> order = new ArrayList<>();
                for (int i = 1; i <= 20; i++) {
                    JsonObject pub = c.awaitPush("pub", ch);
                    assertEquals(i, pub.getJsonNumber("offset").longValue(), "gap-free offsets on every node");
                    order.add(pub.getString("data"));
                }
                seen.add(order);
            }
            assertEquals(seen.get(0), seen.get(1));
            assertEquals(seen.get(0), seen.get(2));
        }
    }

    @Test
    void presenceListsTheClientsOfEveryNodeAndJoinLeaveCrossNodes() throws Exception {
        String ch = unique("chat:presence-");
        try (WsTestClient ann = WsTestClient.connected(node(0).wsUri(), "Ann");
             WsTestClient bob = WsTestClient.connected(node(1).wsUri(), "Bob")) {
            ann.result("subscribe", subscribeField(ch));
            bob.result("subscribe", subscribeField(ch));
            awaitJoinOf(ann, ch, "Bob");
            String eveId;
            try (WsTestClient eve = WsTestClient.connected(node(2).wsUri(), "Eve")) {
                eve.result("subscribe", subscribeField(ch));
                eveId = awaitJoinOf(ann, ch, "Eve").getJsonObject("info").getString("client");
                JsonObject viaWs = ann.result("presence", subscribeField(ch)).getJsonObject("clients");
                Set<String> names = viaWs.values().stream().map(v -> v.asJsonObject().getString("name"))
                        .collect(Collectors.toSet());
                assertEquals(Set.of("Ann", "Bob", "Eve"), names);
                HttpResponse<String> viaHttp = node(2).api("GET", "/api/presence?channel=" + ch, null);
                assertEquals(3, json(viaHttp.body()).getJsonObject("clients").size(), viaHttp.body());
            }
            JsonObject leave = bob.awaitPush("leave", ch);
            assertEquals(eveId, leave.getJsonObject("info").getString("client"));
            assertEquals(2, ann.result("presence", subscribeField(ch)).getJsonObject("clients").size());
        }
    }

    /** Join pushes also reach the joining client itself, so look for the one of {@code name}. */
    private static JsonObject awaitJoinOf(WsTestClient c, String ch, String name) throws InterruptedException {
        return c.await(m -> "join".equals(m.getString("type", null)) && ch.equals(m.getString("channel", null))
                && name.equals(m.getJsonObject("info").getString("name")), "join of " + name);
    }

    @Test
    void aClientThatMovesToAnotherNodeRecoversWhatItMissed() throws Exception {
        String ch = unique("moves-");
        long offset;
        String epoch;
        try (WsTestClient c = WsTestClient.connected(node(0).wsUri(), "mover")) {
            JsonObject sub = c.result("subscribe", subscribeField(ch));
            epoch = sub.getString("epoch");
            publish(node(1), ch, "1");
            offset = c.awaitPush("pub", ch).getJsonNumber("offset").longValue();
        }
        for (int i = 2; i <= 6; i++) {
            publish(node(i % nodes().size()), ch, String.valueOf(i));
        }
        try (WsTestClient c = WsTestClient.connected(node(2).wsUri(), "mover")) {
            JsonObject sub = c.result("subscribe", subscribeField(ch)
                    + ",\"since\":{\"offset\":" + offset + ",\"epoch\":\"" + epoch + "\"}");
            assertTrue(sub.getBoolean("recovered"), sub.toString());
            assertEquals(epoch, sub.getString("epoch"));
            List<Integer> data = sub.getJsonArray("publications").stream()
                    .map(v -> v.asJsonObject().getInt("data")).toList();
            assertEquals(List.of(2, 3, 4, 5, 6), data);
            publish(node(0), ch, "7");
            JsonObject live = c.awaitPush("pub", ch);
            assertEquals(7, live.getInt("data"));
            assertEquals(7, live.getJsonNumber("offset").longValue());
        }
    }

    @Test
    void anIdempotencyKeyDeduplicatesAcrossNodes() throws Exception {
        String ch = unique("orders-");
        try (WsTestClient c = WsTestClient.connected(node(2).wsUri(), "watcher")) {
            c.result("subscribe", subscribeField(ch));
            String body = "{\"channel\":\"" + ch + "\",\"data\":{\"order\":42},\"idempotencyKey\":\"order-42\"}";
            JsonObject first = json(node(0).api("POST", "/api/publish", body).body());
            JsonObject retry = json(node(1).api("POST", "/api/publish", body).body());
            assertEquals(first, retry, "the retry answers with the first publication's position");
            publish(node(0), ch, "{\"order\":43}");
            assertEquals(42, c.awaitPush("pub", ch).getJsonObject("data").getInt("order"));
            assertEquals(43, c.awaitPush("pub", ch).getJsonObject("data").getInt("order"), "no duplicate in between");
        }
    }

    @Test
    void historyReadsTheSameFromEveryNode() throws Exception {
        String ch = unique("log-");
        for (int i = 1; i <= 3; i++) {
            publish(node(i - 1), ch, String.valueOf(i));
        }
        String first = null;
        for (HeraldNode n : nodes()) {
            String body = n.api("GET", "/api/history?channel=" + ch + "&limit=10", null).body();
            JsonObject h = json(body);
            assertEquals(3, h.getJsonArray("publications").size(), body);
            first = first == null ? body : first;
            assertEquals(first, body);
        }
    }
}
