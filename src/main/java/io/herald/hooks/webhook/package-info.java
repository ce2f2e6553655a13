/**
 * The one webhook engine for every format (Herald's own and Pusher's): bounded queues, batching,
 * signing, retries with backoff and metrics. Formats are pluggable ({@link io.herald.hooks.webhook.WebhookFormat}).
 *
 * <p>May import: {@code java.*}, {@code javax.crypto.*}, {@code io.micrometer.*}, {@code io.herald.hub},
 * {@code io.herald.protocol}, {@code io.herald.hooks}, {@code io.herald.pusher}, {@code jakarta.json}.
 */
package io.herald.hooks.webhook;
