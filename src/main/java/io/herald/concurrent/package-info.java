/**
 * Threads Herald starts for itself: daemons that a stop really ends, so a container's leak check after an
 * undeploy finds none of them still alive.
 */
package io.herald.concurrent;
