/**
 * The configuration, loaded and checked once at start: built-in defaults ({@code defaults.json}, the
 * only place defaults live), then the JSON file, then {@code HERALD_*} environment variables
 * ({@link io.herald.config.ConfigLoader}); then read into typed section records, the tree
 * {@link io.herald.config.HeraldConfig}. Every read goes through {@link io.herald.config.ConfigNode}, the
 * one validation helper, and every bad key fails with one message format
 * ({@link io.herald.config.ConfigException#invalid}: key path, value, what is allowed).
 *
 * <h2>Adding a section (e.g. {@code pusher})</h2>
 * <ol>
 *   <li>Its keys with their defaults in {@code defaults.json} (unknown keys in a file are then refused
 *       and {@code HERALD_PUSHER_*} overrides work without further code).</li>
 *   <li>One record, {@code PusherConfig}, with {@code static PusherConfig from(ConfigNode n)} reading
 *       each key through {@code n.integer(...)}, {@code n.bool(...)}, {@code n.choice(...)} and so on.</li>
 *   <li>One component {@code PusherConfig pusher} in {@code HeraldConfig} and its line
 *       {@code PusherConfig.from(root.node("pusher"))} in {@code HeraldConfig.from}.</li>
 *   <li>A row per key in {@code docs/configuration.md} and the key in its JSON block;
 *       {@code ConfigDocumentationTest} fails until docs, defaults and records agree.</li>
 * </ol>
 *
 * <p>May import: {@code java.*}, {@code jakarta.json.*}, {@code io.herald.hub} and
 * {@code io.herald.hub.redis} (the records it builds for them). Nothing that consumes configuration.
 */
package io.herald.config;
