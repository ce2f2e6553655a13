package io.herald.pusher;

import io.herald.hub.CloseCode;
import io.herald.hub.ErrorCode;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.hub.NodeBus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The HTTP API's view of every node: an app's channels with their subscription counts, and terminating a
 * user's connections wherever they are. This node answers for itself; over a {@link NodeBus} it asks every
 * other node too and adds their answers, so the answer does not depend on which node the request hits.
 * Without a bus (one node, or the in-memory engine) it is this node's view. Thread-safe.
 *
 * <p>Requests and replies are UTF-8 lines: {@code channels\n<app>} answers {@code <count> <herald channel>}
 * lines of the app's channels with local subscribers; {@code terminate\n<hub user>} answers the number of
 * connections closed.
 */
public final class PusherCluster {
    /** How long the API waits for the other nodes' answers (then 503). */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String CHANNELS = "channels";
    private static final String TERMINATE = "terminate";

    private final Hub hub;
    private volatile NodeBus bus;

    PusherCluster(Hub hub) {
        this.hub = hub;
    }

    /** Answers the other nodes' questions over {@code nodes} and asks them from now on. */
    void join(NodeBus nodes) {
        nodes.serveGather(this::answer);
        this.bus = nodes;
    }

    /**
     * Subscription counts of the app's channels that have subscribers on any node, by Herald channel name.
     *
     * @throws HubException {@code unavailable} when another node did not answer in time
     */
    public Map<String, Integer> channels(String app) {
        Map<String, Integer> counts = new HashMap<>(localChannels(app));
        for (String reply : ask(CHANNELS + "\n" + app)) {
            for (String line : reply.split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    counts.merge(line.substring(space + 1), Integer.parseInt(line.substring(0, space)), Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Closes the user's connections on every node with 4009 (no reconnect); returns how many were closed. */
    public int terminate(String hubUser) {
        int closed = terminateHere(hubUser);
        for (String reply : ask(TERMINATE + "\n" + hubUser)) {
            closed += reply.isEmpty() ? 0 : Integer.parseInt(reply.trim());
        }
        return closed;
    }

    private Map<String, Integer> localChannels(String app) {
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, Integer> e : hub.server().channels().entrySet()) {
            PusherChannel channel = PusherChannel.fromHerald(e.getKey());
            if (channel != null && channel.app().equals(app) && e.getValue() > 0) {
                counts.put(e.getKey(), e.getValue());
            }
        }
        return counts;
    }

    private int terminateHere(String hubUser) {
        return hub.server().disconnectUser(hubUser, CloseCode.FORCE_DISCONNECT, "connections terminated by the app");
    }

    private List<String> ask(String question) {
        NodeBus nodes = bus;
        if (nodes == null) {
            return List.of();
        }
        try {
            return nodes.gather(question.getBytes(StandardCharsets.UTF_8), TIMEOUT).get().stream()
                    .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof HubException h ? h
                    : new HubException(ErrorCode.UNAVAILABLE, "the other nodes did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }

    /** Another node's question; an empty reply for one this version does not know. */
    private byte[] answer(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String kind = nl < 0 ? text : text.substring(0, nl);
        String arg = nl < 0 ? "" : text.substring(nl + 1);
        StringBuilder out = new StringBuilder();
        if (kind.equals(CHANNELS)) {
            localChannels(arg).forEach((name, count) -> out.append(count).append(' ').append(name).append('\n'));
        } else if (kind.equals(TERMINATE)) {
            out.append(terminateHere(arg));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
