/**
 * The wire protocol ({@code docs/protocol.md}): parsing client commands and encoding frames and replies,
 * in JSON and binary.
 *
 * <p>May import: {@code java.*}, {@code jakarta.json.*}, {@code io.herald.hub}.
 */
package io.herald.protocol;
