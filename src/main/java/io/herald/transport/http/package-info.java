/**
 * The HTTP transports beside {@code /ws}: HTTP-streaming ({@code /stream}, newline-delimited JSON) and
 * Server-Sent Events ({@code /sse}), with client-to-server commands as short POSTs to {@code /emulation}
 * naming the stream's session. {@link io.herald.transport.http.HttpTransports} is container-neutral and
 * makes each stream a hub connection through {@link io.herald.hub.Transport}; {@code StreamEndpoint}
 * serves the paths the same way for every container. The two thin adapters (servlet async I/O,
 * Grizzly) live here beside it because they implement its package-private {@code StreamExchange} and
 * {@code StreamSink} contracts, and are mapped by the servlet registration and the standalone root.
 * SSE event ids carry the client's channel positions ({@code SseEventId}), so a reconnect with
 * {@code Last-Event-ID} resumes through the recovery ({@code SseResume}).
 *
 * <p>May import: {@code java.*}, {@code jakarta.servlet.*}, {@code org.glassfish.grizzly.*},
 * {@code io.herald.config}, {@code io.herald.http}, {@code io.herald.hub}, {@code io.herald.protocol},
 * {@code io.herald.security}, {@code io.herald.websocket}.
 */
package io.herald.transport.http;
