package io.herald.hooks;

import com.pusher.client.PusherOptions;
import com.pusher.client.channel.Channel;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.PresenceUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Pusher clients for hook tests: {@code pusher-java-client} connections to a Herald node, authorized
 * by Pusher's own server SDK ({@code pusher-http-java}) with the app's credentials, as an app's auth
 * endpoint would. Disconnects every client it made on {@link #close}.
 */
final class PusherClients implements AutoCloseable {
    private final List<com.pusher.client.Pusher> clients = new ArrayList<>();

    /** Connects to {@code port} as an app's page whose presence user is {@code user} (may be null). */
    com.pusher.client.Pusher connect(int port, Pusher app, String key, String user) throws InterruptedException {
        PusherOptions options = new PusherOptions().setHost("127.0.0.1").setWsPort(port).setUseTLS(false)
                .setChannelAuthorizer((channel, socketId) -> channel.startsWith("presence-")
                        ? app.authenticate(socketId, channel, new PresenceUser(user, Map.of("name", user)))
                        : app.authenticate(socketId, channel));
        com.pusher.client.Pusher client = new com.pusher.client.Pusher(key, options);
        synchronized (clients) {
            clients.add(client);
        }
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
        assertTrue(connected.await(10, TimeUnit.SECONDS), "pusher-java-client connected to port " + port);
        return client;
    }

    /** Waits (bounded) until the client's subscription succeeded. */
    static void awaitSubscribed(Channel channel) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!channel.isSubscribed() && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertTrue(channel.isSubscribed(), channel.getName() + " subscribed");
    }

    /** Disconnects and waits (bounded) until the client reports it. */
    static void disconnect(com.pusher.client.Pusher client) throws InterruptedException {
        client.disconnect();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.getConnection().getState() != ConnectionState.DISCONNECTED && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertTrue(client.getConnection().getState() == ConnectionState.DISCONNECTED, "disconnected");
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(com.pusher.client.Pusher::disconnect);
            clients.clear();
        }
    }
}
