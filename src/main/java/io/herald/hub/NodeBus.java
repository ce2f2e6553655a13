package io.herald.hub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Request and reply between the nodes of a cluster, addressed by {@link Hub#nodeId()}. The HTTP
 * transports use it to hand a client's emulation request to the node that holds its stream, so any
 * node can take any request (no sticky sessions). {@link #gather} asks every other node at once, so a
 * node can answer for the whole cluster (the Pusher HTTP API's channel counts).
 *
 * <p>Contract: {@link #request} completes within {@code timeout}: with the target's reply, with null
 * when no node of that id is listening (it is gone), or exceptionally ({@link HubException}
 * {@code unavailable}) when the backend cannot be reached or the reply is late. The handler given to
 * {@link #serve} runs on the bus's threads, must not block for long and never sees its own requests.
 * Thread-safe; {@link #close} is idempotent.
 */
public interface NodeBus extends AutoCloseable {

    CompletableFuture<byte[]> request(String node, byte[] message, Duration timeout);

    /** Answers the requests addressed to this node. Called once, before requests can arrive. */
    void serve(Function<byte[], byte[]> handler);

    /**
     * Sends {@code message} to every other node of the cluster and completes, within {@code timeout}, with
     * one reply per node that received it (in no particular order; empty when this node is alone), or
     * exceptionally ({@link HubException} {@code unavailable}) when the backend cannot be reached or a
     * node's reply is late. A node that has no gather handler replies an empty message.
     */
    CompletableFuture<List<byte[]>> gather(byte[] message, Duration timeout);

    /** Answers the {@link #gather} requests of other nodes. Called once, before requests can arrive. */
    void serveGather(Function<byte[], byte[]> handler);

    @Override
    void close();
}
