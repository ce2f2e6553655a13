package io.herald.bench.container;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bare broadcast endpoint for servlet containers (bench/target/bare-broadcast.war, deployed at
 * {@code /bare}): the container's own ceiling for target 4. Same dialect as the other bare peers
 * ({@code S<channel>} / {@code P<channel> <message>}).
 *
 * <p>Correct on every container: the Jakarta WebSocket spec lets a container refuse a second async send
 * while one is in flight (Tomcat throws {@code IllegalStateException: TEXT_FULL_WRITING}), so every session
 * sends through its own {@link SerialSender}. Like the Tyrus peer it has no bound on those queues.
 */
@ServerEndpoint("/ws")
public class BareBroadcastEndpoint {
    private static final Map<String, Set<SerialSender>> CHANNELS = new ConcurrentHashMap<>();
    private final List<String> mine = new ArrayList<>();
    private SerialSender sender;

    @OnOpen
    public void onOpen(Session session) {
        sender = new SerialSender(session.getAsyncRemote());
    }

    @OnMessage
    public void onMessage(String text) {
        if (text.startsWith("S")) {
            String channel = text.substring(1);
            CHANNELS.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(sender);
            synchronized (mine) {
                mine.add(channel);
            }
            sender.send("A" + channel);
        } else if (text.startsWith("P")) {
            int space = text.indexOf(' ');
            Set<SerialSender> set = CHANNELS.get(text.substring(1, space));
            if (set == null) {
                return;
            }
            String message = text.substring(space + 1);
            for (SerialSender s : set) {
                s.send(message);
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
                Set<SerialSender> set = CHANNELS.get(channel);
                if (set != null) {
                    set.remove(sender);
                }
            }
        }
        sender.close();
    }
}
