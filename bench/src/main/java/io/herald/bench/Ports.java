package io.herald.bench;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * Free ports for the servers the kit starts, all below the ephemeral range (32768-60999 here). A port the
 * kernel hands out for {@code bind(0)} comes from that range, where every client connection also takes its local
 * port: between choosing it and the server binding it, a load generator's connection could take it (a smoke run
 * once lost its Tyrus peer to "Address already in use" that way while another process held 10,000 connections).
 */
final class Ports {
    /** Where {@link #free()} looks: 10000-19999 (GlassFish domains take 20000-29999, see {@link #freeRange}). */
    private static final int FIRST = 10_000;
    private static final int LAST = 19_999;
    /** Successive calls move on, so two ports chosen before either server binds are not the same. */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT =
            new java.util.concurrent.atomic.AtomicInteger(FIRST + (int) (ProcessHandle.current().pid() * 37 % (LAST - FIRST)));

    private Ports() {
    }

    static int free() throws IOException {
        for (int tries = 0; tries <= LAST - FIRST; tries++) {
            int p = NEXT.getAndUpdate(n -> n >= LAST ? FIRST : n + 1);
            if (allFree(p, 1)) {
                return p;
            }
        }
        throw new IOException("no free port in " + FIRST + "-" + LAST);
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
