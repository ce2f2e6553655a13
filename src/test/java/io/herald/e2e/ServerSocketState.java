package io.herald.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's state of the server's side of one loopback TCP connection, read from /proc/net/tcp and tcp6
 * (Linux): what the server did with a socket, seen without the client reading anything.
 */
final class ServerSocketState {
    private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    private ServerSocketState() {
    }

    /** The state of the socket with local port {@code serverPort} and remote port {@code clientPort}; CLOSED if none. */
    static String of(int serverPort, int clientPort) throws IOException {
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].contains(":") || !f[2].contains(":")) {
                    continue; // the header
                }
                if (port(f[1]) == serverPort && port(f[2]) == clientPort) {
                    int state = Integer.parseInt(f[3], 16);
                    return state < STATES.length ? STATES[state] : "0x" + f[3];
                }
            }
        }
        return "CLOSED";
    }

    private static int port(String addressAndPort) {
        return Integer.parseInt(addressAndPort.substring(addressAndPort.lastIndexOf(':') + 1), 16);
    }
}
