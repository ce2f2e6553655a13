package io.herald.launcher;

import sun.misc.Signal;

/**
 * Makes SIGTERM (systemd, Docker, Kubernetes) and SIGINT (Ctrl-C) a normal stop: {@code System.exit(0)},
 * which runs the shutdown hook that drains the clients. Without this the JVM still runs the hook, but
 * exits with 143 or 130, which service managers report as a failure after a clean drain.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void exitCleanlyOn(String... names) {
        for (String name : names) {
            try {
                Signal.handle(new Signal(name), signal -> System.exit(0));
            } catch (IllegalArgumentException e) {
                // signal unknown on this platform, or reserved by the JVM (e.g. -Xrs): the default stays
            }
        }
    }
}
