package io.herald.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of the server whose door the test can shut: while shut, new
 * connections are reset at once (as a dropped network would fail them) and counted; connections
 * already relayed are not touched. It lets a test keep a page away from the server for as long as the
 * test needs, instead of racing the page's reconnect delay.
 */
final class TcpRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean shut;

    TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("relay-accept", this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** From now on new connections are refused (reset), until {@link #open()}. */
    void shut() {
        shut = true;
    }

    void open() {
        shut = false;
    }

    /** Connections refused since the relay started. */
    int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (shut) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                daemon("relay-up", () -> pump(client, server));
                daemon("relay-down", () -> pump(server, client));
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    /** Copies one direction; when either side ends, both sockets close (HTTP and WebSocket need no half-close here). */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            close(from);
            close(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST, not FIN: the client fails at once instead of waiting for a reply
        } catch (IOException e) {
            // closing is what matters
        }
        close(socket);
    }

    private static void close(java.io.Closeable socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        close(listener);
        sockets.forEach(TcpRelay::close);
    }
}
