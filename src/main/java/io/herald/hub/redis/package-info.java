/**
 * The Redis engine: broker, history and presence shared by a cluster of nodes over one or more Redis
 * shards (consistent hashing of channel names), with Lua scripts for atomic publish and history reads.
 *
 * <p>May import: {@code java.*}, {@code io.herald.hub}, {@code io.lettuce.*}.
 */
package io.herald.hub.redis;
