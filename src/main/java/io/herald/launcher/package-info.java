/**
 * The {@code java -jar herald.war} entry point: unpacks the WAR and starts the standalone server in a
 * class loader of the application and the standalone runtime. Runs before that class loader exists.
 *
 * <p>May import: {@code java.*}, {@code sun.misc} (only {@code Signal}, for SIGTERM/SIGINT: the JDK has no
 * public API for it).
 */
package io.herald.launcher;
