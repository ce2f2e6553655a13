/**
 * Servlet adapters for Tomcat and GlassFish: the security filter in front of everything, the servlet
 * serving the HTTP API and operations endpoints, and {@link io.herald.servlet.HeraldServlets}, the one
 * place they are registered (a feature with HTTP endpoints adds its mapping there).
 *
 * <p>May import: {@code java.*}, {@code jakarta.servlet.*}, {@code io.herald.app}, {@code io.herald.http},
 * {@code io.herald.security}, {@code io.herald.pusher.http}, {@code io.herald.transport.http}.
 */
package io.herald.servlet;
