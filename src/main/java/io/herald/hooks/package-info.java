/**
 * Backend hooks: Herald tells the application's backend what happens on the socket side (webhooks,
 * {@link io.herald.hooks.LifecycleHooks}) and lets it decide client commands (the proxy,
 * {@code io.herald.hooks.proxy}). {@link io.herald.hooks.Hooks} attaches both to a hub from the config;
 * the hub sees them only as {@link io.herald.hub.HubObserver}s.
 *
 * <p>May import: {@code java.*}, {@code io.micrometer.*}, {@code io.herald.config}, {@code io.herald.hub},
 * {@code io.herald.hub.redis}, {@code io.herald.pusher}, {@code io.herald.hooks.*}.
 */
package io.herald.hooks;
