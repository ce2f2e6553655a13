package io.herald.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for the processes a server variant needs beside its main one. */
final class Ports {
    private Ports() {
    }

    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A base b in 20000-29900 with b..b+size-1 all free now (a GlassFish domain's --portbase). */
    static int freeRange(int size) throws IOException {
        for (int b = 20_000 + 100 * (int) (ProcessHandle.current().pid() % 50); b < 30_000; b += 100) {
            if (allFree(b, size)) {
                return b;
            }
        }
        throw new IOException("no " + size + " free ports in 20000-29999");
    }

    private static boolean allFree(int base, int size) {
        for (int p = base; p < base + size; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress("0.0.0.0", p));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
