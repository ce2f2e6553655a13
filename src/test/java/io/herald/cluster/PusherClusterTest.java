package io.herald.cluster;

import com.pusher.client.PusherOptions;
import com.pusher.client.channel.Channel;
import com.pusher.client.channel.PresenceChannel;
import com.pusher.client.channel.PresenceChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.PresenceUser;
import com.pusher.rest.data.Result;
import io.herald.testing.HeraldNode;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pusher protocol on two Herald JVMs sharing one Redis, with Pusher's own Java SDKs: an event triggered
 * through node A reaches a client of node B, presence and {@code user_count} are cluster-wide, and the
 * members of a killed node vanish from presence within {@code redis.presenceTtlSeconds} (2 s here), with a
 * {@code member_removed} to the members on the surviving node; the HTTP API answers for the whole cluster
 * (channel lists, subscription counts, terminating a user's connections) whichever node is asked.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PusherClusterTest {
    private static final String APP = "{\"id\":\"9\",\"key\":\"cluster-key\",\"secret\":\"cluster-secret\","
            + "\"subscriptionCount\":true}";
    private static RedisServer redis;
    private static List<HeraldNode> nodes;
    private static final List<com.pusher.client.Pusher> CLIENTS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        String config = ClusterFixture.config(List.of(redis.url()), "pusher:")
                .replaceFirst("\\{", "{\"pusher\": {\"apps\": [" + APP + "]},");
        nodes = ClusterFixture.start(2, config);
    }

    @AfterAll
    static void stop() throws Exception {
        CLIENTS.forEach(com.pusher.client.Pusher::disconnect);
        if (nodes != null) {
            ClusterFixture.stop(nodes);
        }
        redis.close();
    }

    private static Pusher sdk(HeraldNode node) {
        Pusher sdk = new Pusher("9", "cluster-key", "cluster-secret");
        sdk.setHost("127.0.0.1:" + node.port());
        return sdk;
    }

    private static com.pusher.client.Pusher client(HeraldNode node, String user) throws InterruptedException {
        Pusher signer = sdk(node);
        String userData = "{\"id\":\"" + user + "\"}";
        PusherOptions options = new PusherOptions().setHost("127.0.0.1").setWsPort(node.port()).setUseTLS(false)
                .setMaxReconnectionAttempts(0)
                .setChannelAuthorizer((channel, socketId) -> signer.authenticate(socketId, channel,
                        new PresenceUser(user, Map.of("name", user))))
                .setUserAuthenticator(socketId -> "{\"auth\":\"cluster-key:" + hmac(socketId + "::user::" + userData)
                        + "\",\"user_data\":" + quote(userData) + "}");
        com.pusher.client.Pusher client = new com.pusher.client.Pusher("cluster-key", options);
        CLIENTS.add(client);
        CountDownLatch connected = new CountDownLatch(1);
        client.connect(new ConnectionEventListener() {
            @Override
            public void onConnectionStateChange(ConnectionStateChange change) {
                if (change.getCurrentState() == ConnectionState.CONNECTED) {
                    connected.countDown();
                }
            }

            @Override
            public void onError(String message, String code, Exception e) {
            }
        }, ConnectionState.ALL);
        assertTrue(connected.await(10, TimeUnit.SECONDS), user + " connected to " + node.name());
        return client;
    }

    private static void await(String what, BooleanSupplier condition, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what + " within " + seconds + " s");
    }

    /** The sign-in signature Pusher's auth endpoints make (pusher-http-java 1.3 has no helper for it). */
    private static String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("cluster-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** pusher-js (npm) on both nodes: a watchlist on node A follows users whose tabs are on node B, or on both. */
    @Test
    @Order(0)
    void pusherJsWatchlistSeesUsersOfTheOtherNode() throws Exception {
        String out = io.herald.pusher.NodeRun.run("pusher-js-cluster.test.mjs", Map.of("HERALD_HOST", "127.0.0.1",
                "HERALD_PORT", String.valueOf(nodes.get(0).port()), "HERALD_PORT_B", String.valueOf(nodes.get(1).port()),
                "HERALD_API_KEY", "unused", "PUSHER_APP_ID", "9", "PUSHER_KEY", "cluster-key",
                "PUSHER_SECRET", "cluster-secret"), 120);
        assertTrue(out.contains("ℹ fail 0") && out.contains("ℹ pass 1"), out);
    }

    @Test
    @Order(1)
    void theHttpApiOfEitherNodeAnswersForBothNodes() throws Exception {
        HeraldNode a = nodes.get(0);
        HeraldNode b = nodes.get(1);
        com.pusher.client.Pusher uma = client(a, "uma");
        com.pusher.client.Pusher vic = client(a, "vic");
        com.pusher.client.Pusher tom = client(a, "tom");
        Channel count1 = uma.subscribe("cluster-count");
        Channel count2 = vic.subscribe("cluster-count");
        PresenceChannel hall1 = uma.subscribePresence("presence-hall");
        PresenceChannel hall2 = vic.subscribePresence("presence-hall");
        tom.signin();
        await("subscribed on A", () -> count1.isSubscribed() && count2.isSubscribed() && hall1.isSubscribed()
                && hall2.isSubscribed(), 5);
        await("tom signed in on A", () -> tom.user() != null && "tom".equals(tom.user().userId()), 5);

        for (HeraldNode asked : List.of(b, a)) { // every client is on A: B answers from A's answers
            try (Pusher sdk = sdk(asked)) {
                String on = " asked on " + asked.name();
                assertEquals("{\"channels\":{\"cluster-count\":{},\"presence-hall\":{}}}",
                        sdk.get("/channels").getMessage(), "channels" + on);
                assertEquals("{\"channels\":{\"presence-hall\":{\"user_count\":2}}}",
                        sdk.get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count"))
                                .getMessage(), "presence channels" + on);
                assertEquals("{\"occupied\":true,\"subscription_count\":2}",
                        sdk.get("/channels/cluster-count", Map.of("info", "subscription_count")).getMessage(),
                        "a public channel" + on);
                assertEquals("{\"occupied\":true,\"user_count\":2,\"subscription_count\":2}",
                        sdk.get("/channels/presence-hall", Map.of("info", "user_count,subscription_count"))
                                .getMessage(), "a presence channel" + on);
                assertEquals("{\"occupied\":false,\"subscription_count\":0}",
                        sdk.get("/channels/nobody-here", Map.of("info", "subscription_count")).getMessage(),
                        "an empty channel" + on);
            }
        }

        try (Pusher viaB = sdk(b)) {
            Result r = viaB.post("/users/tom/terminate_connections", "{}");
            assertEquals(Result.Status.SUCCESS, r.getStatus(), r.getMessage());
            assertEquals("{}", r.getMessage());
        }
        await("tom's connection on A closed by B's terminate_connections",
                () -> tom.getConnection().getState() == ConnectionState.DISCONNECTED, 5);
        assertEquals(ConnectionState.CONNECTED, uma.getConnection().getState(), "the other users stay");
        assertEquals(ConnectionState.CONNECTED, vic.getConnection().getState(), "the other users stay");

        uma.unsubscribe("cluster-count");
        try (Pusher viaB = sdk(b)) {
            await("B sees A's unsubscribe", () -> viaB.get("/channels/cluster-count",
                    Map.of("info", "subscription_count")).getMessage()
                    .equals("{\"occupied\":true,\"subscription_count\":1}"), 5);
        }
        for (com.pusher.client.Pusher c : List.of(uma, vic)) {
            c.disconnect();
        }
        try (Pusher viaB = sdk(b)) {
            await("A's channels gone, seen from B", () -> viaB.get("/channels").getMessage()
                    .equals("{\"channels\":{}}"), 5);
        }
    }

    @Test
    @Order(2)
    void subscriptionCountEventsCountEveryNode() throws Exception {
        HeraldNode a = nodes.get(0);
        HeraldNode b = nodes.get(1);
        com.pusher.client.Pusher onA = client(a, "ada");
        com.pusher.client.Pusher onB = client(b, "ben");
        BlockingQueue<String> heardOnA = new LinkedBlockingQueue<>();
        BlockingQueue<String> heardOnB = new LinkedBlockingQueue<>();
        Channel counted = onA.subscribe("counted");
        counted.bind("pusher:subscription_count", e -> heardOnA.add(e.getData()));
        assertEquals("{\"subscription_count\":1}", heardOnA.poll(5, TimeUnit.SECONDS), "A alone");
        Channel countedOnB = onB.subscribe("counted");
        countedOnB.bind("pusher:subscription_count", e -> heardOnB.add(e.getData()));
        assertEquals("{\"subscription_count\":2}", heardOnA.poll(5, TimeUnit.SECONDS), "A hears B's subscriber");
        assertEquals("{\"subscription_count\":2}", heardOnB.poll(5, TimeUnit.SECONDS), "B's newcomer hears it too");
        onB.unsubscribe("counted");
        assertEquals("{\"subscription_count\":1}", heardOnA.poll(5, TimeUnit.SECONDS), "A hears B's leave");
        assertEquals(Integer.valueOf(1), ((com.pusher.client.channel.impl.BaseChannel) counted).getCount(),
                "pusher-java-client's own count");
        assertEquals(null, heardOnA.poll(1_500, TimeUnit.MILLISECONDS), "no count is repeated while nothing changes");
        onA.disconnect();
        onB.disconnect();
    }

    @Test
    @Order(3)
    void eventsPresenceAndADeadNodesMembersAcrossTwoNodes() throws Exception {
        HeraldNode a = nodes.get(0);
        HeraldNode b = nodes.get(1);

        com.pusher.client.Pusher onB = client(b, "bea");
        BlockingQueue<PusherEvent> events = new LinkedBlockingQueue<>();
        Channel news = onB.subscribe("cluster-news");
        news.bind("update", events::add);
        await("subscribed on B", news::isSubscribed, 5);
        try (Pusher viaA = sdk(a)) {
            Result r = viaA.trigger("cluster-news", "update", Map.of("from", "A"));
            assertEquals(Result.Status.SUCCESS, r.getStatus(), r.getMessage());
        }
        PusherEvent got = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(got, "the event triggered on A reached the client on B");
        assertEquals("{\"from\":\"A\"}", got.getData());

        com.pusher.client.Pusher annOnA = client(a, "ann");
        BlockingQueue<String> joined = new LinkedBlockingQueue<>();
        BlockingQueue<String> removed = new LinkedBlockingQueue<>();
        PresenceChannel roomA = annOnA.subscribePresence("presence-cluster", new Members(joined, removed));
        await("ann subscribed on A", roomA::isSubscribed, 5);
        PresenceChannel roomB = onB.subscribePresence("presence-cluster");
        await("bea subscribed on B", roomB::isSubscribed, 5);
        assertEquals(2, roomB.getUsers().size(), "B sees the member of A");
        assertEquals("bea", joined.poll(5, TimeUnit.SECONDS), "A hears of the member of B");

        try (Pusher viaA = sdk(a); Pusher viaB = sdk(b)) {
            assertEquals("{\"occupied\":true,\"user_count\":2}",
                    viaB.get("/channels/presence-cluster", Map.of("info", "user_count")).getMessage());
            b.kill();
            long killed = System.nanoTime();
            // ann's client on A is told by the protocol, not only the HTTP API: member_removed within TTL + 1/3
            assertEquals("bea", removed.poll(5, TimeUnit.SECONDS), "member_removed of the dead node's member on A");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.println("[pusher-cluster] member_removed " + tookMillis + " ms after SIGKILL (TTL 2 s)");
            assertTrue(tookMillis <= 3_500, "member_removed within TTL + one refresh period, took " + tookMillis);
            assertEquals(null, removed.poll(300, TimeUnit.MILLISECONDS), "exactly one member_removed");
            assertEquals(Set.of("ann"), ids(roomA.getUsers()), "A's member list after the removal");
            await("the killed node's member left presence", () -> viaA.get("/channels/presence-cluster/users")
                    .getMessage().equals("{\"users\":[{\"id\":\"ann\"}]}"), 10);
            assertEquals("{\"occupied\":true,\"user_count\":1}",
                    viaA.get("/channels/presence-cluster", Map.of("info", "user_count")).getMessage());
        }
    }

    private static Set<String> ids(Set<User> users) {
        Set<String> ids = new java.util.TreeSet<>();
        users.forEach(u -> ids.add(u.getId()));
        return ids;
    }

    /** Collects the ids of members added and removed. */
    private record Members(BlockingQueue<String> added, BlockingQueue<String> removed)
            implements PresenceChannelEventListener {
        @Override
        public void onUsersInformationReceived(String channelName, Set<User> users) {
        }

        @Override
        public void userSubscribed(String channelName, User user) {
            added.add(user.getId());
        }

        @Override
        public void userUnsubscribed(String channelName, User user) {
            removed.add(user.getId());
        }

        @Override
        public void onAuthenticationFailure(String message, Exception e) {
        }

        @Override
        public void onSubscriptionSucceeded(String channelName) {
        }

        @Override
        public void onEvent(PusherEvent event) {
        }
    }
}
