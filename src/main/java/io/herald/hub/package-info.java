/**
 * The core: connections, channels, subscriptions, presence, history, recovery, limits and the
 * authorization decisions, plus the engine SPI ({@link io.herald.hub.Broker},
 * {@link io.herald.hub.HistoryStore}, {@link io.herald.hub.PresenceStore}) whose contracts live in their
 * Javadoc. A connection is a {@link io.herald.hub.Transport}; the edges adapt real sockets to it.
 *
 * <p>May import: {@code java.*} only (no container, JSON or engine library; {@code HubImportRuleTest}).
 */
package io.herald.hub;
