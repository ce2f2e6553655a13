package io.herald.bench.peer;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.glassfish.tyrus.server.Server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A bare broadcast endpoint on Tyrus's own standalone Grizzly server: the container's ceiling. Same
 * dialect as bench/peers/ws-server.js ({@code S<channel>} / {@code P<channel> <message>}). Correct on
 * Tyrus because Tyrus queues concurrent async sends per session (it has no one-in-flight rule); it has
 * no bound on those queues, unlike Herald.
 */
@ServerEndpoint("/ws")
public class TyrusBroadcastServer {
    private static final Map<String, Set<Session>> CHANNELS = new ConcurrentHashMap<>();
    private final List<String> mine = new ArrayList<>();

    @OnMessage
    public void onMessage(Session session, String text) {
        if (text.startsWith("S")) {
            String channel = text.substring(1);
            CHANNELS.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
            synchronized (mine) {
                mine.add(channel);
            }
            session.getAsyncRemote().sendText("A" + channel);
        } else if (text.startsWith("P")) {
            int space = text.indexOf(' ');
            Set<Session> set = CHANNELS.get(text.substring(1, space));
            if (set == null) {
                return;
            }
            String message = text.substring(space + 1);
            for (Session s : set) {
                s.getAsyncRemote().sendText(message);
            }
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        // the client went away; @OnClose cleans up
    }

    @OnClose
    public void onClose(Session session) {
        synchronized (mine) {
            for (String channel : mine) {
                Set<Session> set = CHANNELS.get(channel);
                if (set != null) {
                    set.remove(session);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "8083");
        Server server = new Server("127.0.0.1", port, "", Map.of(), TyrusBroadcastServer.class);
        server.start();
        System.out.println("tyrus peer listening on " + port);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stop.countDown();
        }));
        stop.await();
    }
}
