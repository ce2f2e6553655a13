package io.herald.pusher;

import com.pusher.client.PusherOptions;
import com.pusher.client.channel.Channel;
import com.pusher.client.channel.PresenceChannel;
import com.pusher.client.channel.PresenceChannelEventListener;
import com.pusher.client.channel.PrivateChannel;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import com.pusher.client.connection.ConnectionState;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.PresenceUser;
import com.pusher.rest.data.Result;
import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pusher's own Java SDKs against standalone Herald: the HTTP SDK {@code pusher-http-java} triggers, batches
 * and queries channels; the WebSocket client {@code pusher-java-client} subscribes and receives.
 */
@Tag("integration")
class PusherJavaSdkTest {
    private static HeraldServer server;
    private static Pusher sdk;
    private final List<com.pusher.client.Pusher> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = HeraldServer.start(PusherJsStandaloneTest.CONFIG);
        sdk = new Pusher(PusherJsStandaloneTest.APP_ID, PusherJsStandaloneTest.KEY, PusherJsStandaloneTest.SECRET);
        sdk.setHost("127.0.0.1:" + server.server().port());
        sdk.setEncrypted(false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void disconnect() {
        clients.forEach(com.pusher.client.Pusher::disconnect);
    }

    private com.pusher.client.Pusher client(String presenceUser) throws InterruptedException {
        PusherOptions options = new PusherOptions().setHost("127.0.0.1").setWsPort(server.server().port())
                .setUseTLS(false)
                .setChannelAuthorizer((channel, socketId) -> channel.startsWith("presence-")
                        ? sdk.authenticate(socketId, channel, new PresenceUser(presenceUser, Map.of("name", presenceUser)))
                        : sdk.authenticate(socketId, channel));
        com.pusher.client.Pusher client = new com.pusher.client.Pusher(PusherJsStandaloneTest.KEY, options);
        clients.add(client);
        CountDownLatch connected = new CountDownLatch(1);
        client.connect(new com.pusher.client.connection.ConnectionEventListener() {
            @Override
            public void onConnectionStateChange(com.pusher.client.connection.ConnectionStateChange change) {
                if (change.getCurrentState() == ConnectionState.CONNECTED) {
                    connected.countDown();
                }
            }

            @Override
            public void onError(String message, String code, Exception e) {
            }
        }, ConnectionState.ALL);
        assertTrue(connected.await(5, TimeUnit.SECONDS), "java client connected");
        assertTrue(client.getConnection().getSocketId().matches("\\d+\\.\\d+"), client.getConnection().getSocketId());
        return client;
    }

    private static void awaitSubscribed(Channel channel) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!channel.isSubscribed() && System.nanoTime() < end) {
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertTrue(channel.isSubscribed(), channel.getName() + " subscribed");
    }

    @Test
    void theJavaClientReceivesWhatTheJavaSdkTriggersOnPublicAndPrivateChannels() throws Exception {
        com.pusher.client.Pusher client = client(null);
        BlockingQueue<PusherEvent> events = new LinkedBlockingQueue<>();
        Channel news = client.subscribe("java-news");
        news.bind("update", events::add);
        PrivateChannel orders = client.subscribePrivate("private-java-orders");
        orders.bind("created", new PrivateChannelEventListener() {
            @Override
            public void onEvent(PusherEvent event) {
                events.add(event);
            }

            @Override
            public void onAuthenticationFailure(String message, Exception e) {
            }

            @Override
            public void onSubscriptionSucceeded(String channelName) {
            }
        });
        awaitSubscribed(news);
        awaitSubscribed(orders);

        Result r = sdk.trigger("java-news", "update", Map.of("n", 1));
        assertEquals(Result.Status.SUCCESS, r.getStatus(), r.getMessage());
        PusherEvent got = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(got);
        assertEquals("update", got.getEventName());
        assertEquals("java-news", got.getChannelName());
        assertEquals("{\"n\":1}", got.getData());

        assertEquals(Result.Status.SUCCESS, sdk.trigger("private-java-orders", "created", Map.of("id", 7)).getStatus());
        PusherEvent order = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(order);
        assertEquals("{\"id\":7}", order.getData());

        Result batch = sdk.trigger(List.of(new Event("java-news", "update", "b1"),
                new Event("private-java-orders", "created", "b2")));
        assertEquals(Result.Status.SUCCESS, batch.getStatus(), batch.getMessage());
        Set<String> batched = Set.of(events.poll(5, TimeUnit.SECONDS).getData(), events.poll(5, TimeUnit.SECONDS).getData());
        assertEquals(Set.of("\"b1\"", "\"b2\""), batched);
    }

    @Test
    void presenceMembersAndChannelInfoAreAnsweredToTheJavaSdk() throws Exception {
        com.pusher.client.Pusher ann = client("ann");
        BlockingQueue<String> added = new LinkedBlockingQueue<>();
        PresenceChannel room = ann.subscribePresence("presence-java-room", new PresenceChannelEventListener() {
            @Override
            public void onUsersInformationReceived(String channelName, Set<User> users) {
            }

            @Override
            public void userSubscribed(String channelName, User user) {
                added.add(user.getId());
            }

            @Override
            public void userUnsubscribed(String channelName, User user) {
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
        });
        awaitSubscribed(room);
        com.pusher.client.Pusher ben = client("ben");
        PresenceChannel room2 = ben.subscribePresence("presence-java-room");
        awaitSubscribed(room2);
        assertEquals("ben", added.poll(5, TimeUnit.SECONDS));
        assertEquals(2, room2.getUsers().size());

        Result users = sdk.get("/channels/presence-java-room/users");
        assertEquals(200, users.getHttpStatus());
        assertTrue(users.getMessage().contains("{\"id\":\"ann\"}") && users.getMessage().contains("{\"id\":\"ben\"}"),
                users.getMessage());
        Result info = sdk.get("/channels/presence-java-room", Map.of("info", "user_count,subscription_count"));
        assertEquals("{\"occupied\":true,\"user_count\":2,\"subscription_count\":2}", info.getMessage());
        Result list = sdk.get("/channels", Map.of("filter_by_prefix", "presence-java", "info", "user_count"));
        assertEquals("{\"channels\":{\"presence-java-room\":{\"user_count\":2}}}", list.getMessage());
    }

    @Test
    void aWrongSecretIsRefusedWith401AndAnOversizeEventWith413() throws Exception {
        try (Pusher wrong = new Pusher(PusherJsStandaloneTest.APP_ID, PusherJsStandaloneTest.KEY, "wrong-secret")) {
            wrong.setHost("127.0.0.1:" + server.server().port());
            Result r = wrong.trigger("java-news", "update", "x");
            assertEquals(401, r.getHttpStatus(), r.getMessage());
        }
        Result big = sdk.trigger("java-news", "update", "x".repeat(10 * 1024 + 1));
        assertEquals(413, big.getHttpStatus(), big.getMessage());
        try (Pusher unknown = new Pusher("no-such-app", PusherJsStandaloneTest.KEY, PusherJsStandaloneTest.SECRET)) {
            unknown.setHost("127.0.0.1:" + server.server().port());
            assertEquals(404, unknown.trigger("java-news", "update", "x").getHttpStatus());
        }
    }
}
