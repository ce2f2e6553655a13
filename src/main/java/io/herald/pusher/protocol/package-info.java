/**
 * The Pusher protocol's messages and one connection's state machine: {@link io.herald.pusher.protocol.PusherFrames}
 * (the hub's frame encoder of Pusher connections, and the replies), {@link io.herald.pusher.protocol.PusherConnection}
 * (client messages; which pushes reach the connection) and {@link io.herald.pusher.protocol.PusherCodes} (the
 * close codes and the mapping from Herald's). Container-neutral.
 *
 * <p>May import: {@code java.*}, {@code jakarta.json.*}, {@code io.herald.config}, {@code io.herald.hub},
 * {@code io.herald.protocol}, {@code io.herald.pusher}.
 */
package io.herald.pusher.protocol;
