/**
 * The JSR 356 edge: the {@code /ws} endpoint, its coders and the adapter of a
 * {@code jakarta.websocket.Session} to the hub's {@link io.herald.hub.Transport}. Endpoints are thin:
 * decode, call the hub, map results to replies or close codes. They find the hub through
 * {@link io.herald.websocket.HubDirectory}, never a mutable static.
 *
 * <p>May import: {@code java.*}, {@code jakarta.websocket.*}, {@code jakarta.json.*}, {@code io.herald.hub},
 * {@code io.herald.protocol}, {@code io.herald.hooks.proxy} (commands the application's backend decides).
 */
package io.herald.websocket;
