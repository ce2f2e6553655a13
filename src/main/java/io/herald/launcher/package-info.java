/**
 * The {@code java -jar herald.war} entry point: unpacks the WAR and starts the standalone server in a
 * class loader of the application and the standalone runtime. Runs before that class loader exists.
 *
 * <p>May import: {@code java.*} only.
 */
package io.herald.launcher;
