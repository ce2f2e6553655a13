/**
 * Prometheus metrics of one hub ({@code GET /metrics}), in a private Micrometer registry per hub.
 *
 * <p>May import: {@code java.*}, {@code io.micrometer.*}, {@code io.herald.hub}.
 */
package io.herald.metrics;
