/**
 * The proxy: asks the application's backend over HTTP to decide connect (from the handshake's cookies),
 * subscribe, publish, rpc and refresh, with bounded time, size and calls in flight.
 *
 * <p>May import: {@code java.*}, {@code jakarta.json.*}, {@code io.micrometer.*}, {@code io.herald.config},
 * {@code io.herald.hub}, {@code io.herald.protocol}.
 */
package io.herald.hooks.proxy;
