/**
 * Cluster-wide occupancy: when a channel becomes occupied or vacated and when a user joins or leaves it,
 * decided once per transition (in memory for one node, by Lua scripts in Redis for a cluster).
 *
 * <p>May import: {@code java.*}, {@code io.lettuce.*}, {@code io.herald.hub}.
 */
package io.herald.hooks.occupancy;
