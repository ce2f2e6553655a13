/**
 * The standalone composition root ({@code java -jar}): Grizzly's HTTP server with Tyrus's WebSocket
 * container around one {@link io.herald.app.HeraldApp}, plus the connection-level guards only this mode
 * needs (handshake timeout, frame header checks, lean upgraded connections), TLS and static pages.
 * Packaged in {@code WEB-INF/standalone}, so servlet containers never load it.
 *
 * <p>May import: {@code java.*}, {@code javax.net.*}, {@code jakarta.websocket.*}, {@code org.glassfish.*},
 * {@code io.herald.app}, {@code io.herald.config}, {@code io.herald.http}, {@code io.herald.hub},
 * {@code io.herald.security}, {@code io.herald.websocket} (its direct-frame hook), {@code io.herald.pusher.http},
 * {@code io.herald.transport.http}.
 */
package io.herald.standalone;
