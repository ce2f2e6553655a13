/**
 * Security decisions outside the hub: the handshake gate (Origin allow-list, per-address rate), JWT
 * verification and the hub's {@link io.herald.hub.Authenticator} built from {@code auth.*}.
 *
 * <p>May import: {@code java.*}, {@code javax.crypto.*}, {@code com.nimbusds.*}, {@code io.herald.config},
 * {@code io.herald.hub}.
 */
package io.herald.security;
