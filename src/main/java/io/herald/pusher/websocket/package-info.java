/**
 * The Pusher protocol's WebSocket edge at {@code /app/{key}} (JSR 356): the thin endpoint, the transport that
 * turns Herald's close codes into Pusher's, and the directory the endpoint finds its service in.
 *
 * <p>May import: {@code java.*}, {@code jakarta.websocket.*}, {@code io.herald.config}, {@code io.herald.hub},
 * {@code io.herald.pusher.*}, {@code io.herald.websocket}.
 */
package io.herald.pusher.websocket;
