/**
 * The WAR's composition root in Tomcat and GlassFish: a {@code ServletContextListener} that finds the
 * config file, starts the {@link io.herald.app.HeraldApp}, binds it to the container's WebSocket container,
 * registers the servlets ({@link io.herald.servlet.HeraldServlets}) and closes the app on undeploy.
 * Container glue only.
 *
 * <p>May import: {@code java.*}, {@code jakarta.servlet.*}, {@code jakarta.websocket.*},
 * {@code io.herald.app}, {@code io.herald.config}, {@code io.herald.hub}, {@code io.herald.servlet}.
 */
package io.herald.bootstrap;
