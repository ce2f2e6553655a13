/**
 * The Pusher Channels protocol (version 7) beside Herald's own, over the same hub: the mapping of each app's
 * Pusher channel names onto Herald channels and namespaces ({@link io.herald.pusher.PusherChannel},
 * {@link io.herald.pusher.PusherNamespaces}), the signatures ({@link io.herald.pusher.Signatures}) and the
 * per-deployment service the WebSocket edge ({@code pusher.websocket}) and the HTTP API ({@code pusher.http})
 * share. Configuration is {@code io.herald.config.PusherConfig}.
 *
 * <p>May import: {@code java.*}, {@code javax.crypto.*}, {@code io.herald.config}, {@code io.herald.hub},
 * {@code io.herald.pusher.protocol}.
 */
package io.herald.pusher;
