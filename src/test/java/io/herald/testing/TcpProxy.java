package io.herald.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a server, to cut a network path in tests: {@link #cut()} drops every
 * connection and closes new ones at once (as a Redis that went away), {@link #restore()} forwards again,
 * and {@link #retarget(int)} sends new connections elsewhere (a replacement server). The listening
 * socket stays bound throughout: a released port could be taken meanwhile as some outgoing
 * connection's ephemeral port.
 */
public final class TcpProxy implements AutoCloseable {
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int target;
    private volatile ServerSocket server;
    private volatile boolean cut;

    public TcpProxy(int target) throws IOException {
        this.target = target;
        this.port = RedisServer.freePort();
        restore();
    }

    public int port() {
        return port;
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + port;
    }

    public void retarget(int newTarget) {
        this.target = newTarget;
    }

    /** Forwards new connections again. */
    public synchronized void restore() throws IOException {
        cut = false;
        if (server != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        server = s;
        Thread acceptor = new Thread(() -> accept(s), "proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes every proxied connection; new ones are closed as soon as they are accepted. */
    public synchronized void cut() throws IOException {
        cut = true;
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                if (cut) {
                    client.setSoLinger(true, 0); // reset, like a host that is gone
                    client.close();
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket("127.0.0.1", target);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return; // closed by close()
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public synchronized void close() throws IOException {
        cut();
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
