/**
 * Container-neutral HTTP: the server API ({@code /api/*}, {@link io.herald.http.ApiHandler}), the
 * operations endpoints ({@code /health*}, {@code /metrics}) and the credential checks of admin pages and
 * metrics ({@link io.herald.http.PathGuard}). Requests and responses are plain records; the servlet and
 * Grizzly adapters translate.
 *
 * <p>May import: {@code java.*}, {@code jakarta.json.*}, {@code io.herald.hub}, {@code io.herald.metrics},
 * {@code io.herald.protocol}. Never a servlet or Grizzly type.
 */
package io.herald.http;
