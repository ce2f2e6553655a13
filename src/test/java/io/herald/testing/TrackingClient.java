package io.herald.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.ClientEndpointConfig;

import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber that behaves like a recovering browser client: it subscribes to one channel; whenever
 * its connection closes it reconnects to the next node of its list and resubscribes with
 * {@code since} = the last position it saw. It records every publication it gets (live or recovered)
 * by the publisher's sequence number, so a test can count losses and duplicates.
 *
 * <p>Publications carry {@code {"seq":N}} as data. State is guarded by {@code this}.
 */
public final class TrackingClient implements AutoCloseable {
    private static final WebSocketContainer CONTAINER = ContainerProvider.getWebSocketContainer();

    private final String name;
    private final List<URI> nodes;
    private final String channel;
    private final Thread loop;
    private volatile boolean stopped;
    private int next;

    // guarded by this
    private final Map<Long, Integer> seqCounts = new HashMap<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private final List<String> clientIds = new ArrayList<>();
    private String epoch;
    private long offset = -1;
    private int recoveredTrue;
    private int recoveredFalse;
    private int liveGaps;
    private long highestSeq;
    private int outOfOrder;
    private long recoveredFalseOffset = -1;
    private int subscribes;
    private final List<String> journal = new ArrayList<>();
    private int errors;
    private CompletableFuture<Void> subscribed = new CompletableFuture<>();

    /** @param first index in {@code nodes} of the node to connect to first */
    public TrackingClient(String name, List<URI> nodes, int first, String channel) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.next = first;
        this.channel = channel;
        this.loop = new Thread(this::run, "tracking-" + name);
        loop.setDaemon(true);
    }

    public TrackingClient start() {
        loop.start();
        return this;
    }

    /** Waits for the first subscription; fails the test if it does not happen in time. */
    public void awaitSubscribed(long millis) throws Exception {
        CompletableFuture<Void> f;
        synchronized (this) {
            f = subscribed;
        }
        f.get(millis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        while (!stopped) {
            URI uri = nodes.get(next);
            next = (next + 1) % nodes.size();
            try {
                CompletableFuture<CloseReason> closed = new CompletableFuture<>();
                Session session = CONTAINER.connectToServer(endpoint(closed),
                        ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("herald.v1")).build(), uri);
                try {
                    session.getBasicRemote().sendText("{\"id\":1,\"type\":\"connect\",\"name\":\"" + name + "\"}");
                    session.getBasicRemote().sendText(subscribeCommand());
                    while (!stopped && !closed.isDone()) {
                        try {
                            closed.get(100, TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.TimeoutException e) {
                            // still open
                        }
                    }
                } finally {
                    if (session.isOpen()) {
                        session.close();
                    }
                }
            } catch (Exception e) {
                // node down or connection refused: try the next one after a pause
            }
            pause(100);
        }
    }

    private synchronized String subscribeCommand() {
        journal.add("subscribe to " + nodes.get((next + nodes.size() - 1) % nodes.size()).getPort() + " since " + offset);
        String since = epoch == null ? "" : ",\"since\":{\"offset\":" + offset + ",\"epoch\":\"" + epoch + "\"}";
        return "{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"" + since + "}";
    }

    private Endpoint endpoint(CompletableFuture<CloseReason> closed) {
        return new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig c) {
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    for (String line : text.split("\n")) {
                        try (JsonReader r = Json.createReader(new StringReader(line))) {
                            handle(r.readObject(), s);
                        }
                    }
                });
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                synchronized (TrackingClient.this) {
                    closeCodes.add(reason.getCloseCode().getCode());
                    journal.add("closed " + reason.getCloseCode().getCode() + " at offset " + offset);
                }
                closed.complete(reason);
            }

            @Override
            public void onError(Session s, Throwable t) {
                closed.complete(null);
            }
        };
    }

    private synchronized void handle(JsonObject m, Session s) {
        if (m.containsKey("id")) {
            long id = m.getJsonNumber("id").longValue();
            if (id == 1 && m.containsKey("result")) {
                clientIds.add(m.getJsonObject("result").getString("client"));
            } else if (id == 2 && m.containsKey("result")) {
                subscribeResult(m.getJsonObject("result"));
            } else if (m.containsKey("error")) {
                // e.g. unavailable while this node's Redis is down: like the browser client, start over
                errors++;
                try {
                    s.close();
                } catch (java.io.IOException e) {
                    // closing anyway
                }
            }
            return;
        }
        if ("pub".equals(m.getString("type", null)) && channel.equals(m.getString("channel", null))) {
            publication(m);
        } else if ("ping".equals(m.getString("type", null))) {
            s.getAsyncRemote().sendText("{\"type\":\"pong\"}");
        }
    }

    private void subscribeResult(JsonObject r) {
        subscribes++;
        journal.add("result recovered=" + r.get("recovered") + " offset=" + r.get("offset") + " pubs="
                + (r.containsKey("publications") ? r.getJsonArray("publications").size() : 0));
        if (r.containsKey("recovered")) {
            if (r.getBoolean("recovered")) {
                recoveredTrue++;
                for (JsonValue v : r.getJsonArray("publications")) {
                    publication(v.asJsonObject());
                }
            } else {
                recoveredFalse++;
                recoveredFalseOffset = r.getJsonNumber("offset").longValue();
            }
        }
        if (!r.containsKey("recovered") || !r.getBoolean("recovered")) {
            epoch = r.getString("epoch");
            offset = r.getJsonNumber("offset").longValue();
        }
        subscribed.complete(null);
    }

    private void publication(JsonObject p) {
        long o = p.getJsonNumber("offset").longValue();
        if (offset >= 0 && o != offset + 1) {
            liveGaps++;
        }
        offset = Math.max(offset, o);
        long seq = p.getJsonObject("data").getJsonNumber("seq").longValue();
        if (seqCounts.merge(seq, 1, Integer::sum) > 1) {
            journal.add("duplicate seq " + seq + " offset " + o);
        } else if (seq < highestSeq) {
            // the publisher sends seq N+1 only after N was acknowledged, so seq order is the channel's order
            outOfOrder++;
            journal.add("out of order seq " + seq + " after " + highestSeq);
        }
        highestSeq = Math.max(highestSeq, seq);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String name() {
        return name;
    }

    /** How many of the given sequence numbers this client never got. */
    public synchronized int lost(Iterable<Long> published) {
        int lost = 0;
        for (long seq : published) {
            if (!seqCounts.containsKey(seq)) {
                lost++;
            }
        }
        return lost;
    }

    /** The sequence numbers among {@code published} this client never got. */
    public synchronized List<Long> missing(Iterable<Long> published) {
        List<Long> missing = new ArrayList<>();
        for (long seq : published) {
            if (!seqCounts.containsKey(seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }

    /** How many publications arrived more than once (each extra copy counts). */
    public synchronized int duplicates() {
        return seqCounts.values().stream().mapToInt(n -> n - 1).sum();
    }

    public synchronized boolean hasAll(Iterable<Long> published) {
        for (long seq : published) {
            if (!seqCounts.containsKey(seq)) {
                return false;
            }
        }
        return true;
    }

    public synchronized int received() {
        return seqCounts.size();
    }

    /** What happened to this client, in order (subscribes, results, closes, duplicates). */
    public synchronized List<String> journal() {
        return List.copyOf(journal);
    }

    public synchronized List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    public synchronized List<String> clientIds() {
        return List.copyOf(clientIds);
    }

    public synchronized int recoveredTrue() {
        return recoveredTrue;
    }

    public synchronized int recoveredFalse() {
        return recoveredFalse;
    }

    public synchronized int liveGaps() {
        return liveGaps;
    }

    /** First receipts of a publication older than one already received (per-channel order broken). */
    public synchronized int outOfOrder() {
        return outOfOrder;
    }

    /** The stream offset of the last {@code recovered:false} subscribe result, or -1. */
    public synchronized long recoveredFalseOffset() {
        return recoveredFalseOffset;
    }

    public synchronized String epoch() {
        return epoch;
    }

    @Override
    public synchronized String toString() {
        return name + "{received=" + seqCounts.size() + ", dups=" + duplicates() + ", closes=" + closeCodes
                + ", recovered=" + recoveredTrue + "/" + recoveredFalse + ", gaps=" + liveGaps + ", outOfOrder=" + outOfOrder + ", errors=" + errors + ", epoch=" + epoch
                + ", offset=" + offset + "}";
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        loop.join(5000);
    }
}
