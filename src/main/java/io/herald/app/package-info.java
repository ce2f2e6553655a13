/**
 * The one assembly of Herald. {@link io.herald.app.HeraldApp} builds the hub, its engine
 * ({@link io.herald.app.BrokerFactory}), authentication, security checks, metrics and the container-neutral
 * HTTP handlers from one {@link io.herald.config.HeraldConfig}, and closes them in order. Both composition
 * roots ({@code bootstrap} for servlet containers, {@code standalone} for {@code java -jar}) start one and
 * add only their container glue. A new feature registers its components, WebSocket endpoints and HTTP
 * handlers here (the steps are listed on {@code HeraldApp}).
 *
 * <p>May import: {@code java.*}, {@code jakarta.websocket.*} (container-neutral types only),
 * {@code io.herald.config}, {@code io.herald.hub}, {@code io.herald.hub.memory}, {@code io.herald.hub.redis},
 * {@code io.herald.hooks}, {@code io.herald.http}, {@code io.herald.metrics}, {@code io.herald.protocol}, {@code io.herald.security},
 * {@code io.herald.websocket}, {@code io.herald.pusher.*}, {@code io.herald.transport.http}. Never the roots or the servlet adapters: they depend on this, not the reverse.
 */
package io.herald.app;
