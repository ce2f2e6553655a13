/**
 * Pusher's HTTP API ({@code /apps/{id}/...}), container-neutral like {@code io.herald.http}: signed requests,
 * events and batches, channel and presence queries, terminating a user's connections. The servlet adapter is
 * {@code io.herald.servlet.PusherServlet}; standalone routes it in {@code io.herald.standalone.RootHandler}.
 *
 * <p>May import: {@code java.*}, {@code jakarta.json.*}, {@code io.herald.config}, {@code io.herald.http},
 * {@code io.herald.hub}, {@code io.herald.protocol}, {@code io.herald.pusher.*}. Never a servlet or Grizzly type.
 */
package io.herald.pusher.http;
