/**
 * The in-memory engine: broker, history and presence for a single node, with zero setup.
 *
 * <p>May import: {@code java.*}, {@code io.herald.hub}.
 */
package io.herald.hub.memory;
