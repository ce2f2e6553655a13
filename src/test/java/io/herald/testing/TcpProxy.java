package io.herald.testing;

import java.io.Closeable;
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
 * A loopback TCP proxy in front of a server (Redis, a Herald node, the server a browser page talks to),
 * so a test decides when the network path works:
 * <ul>
 *   <li>{@link #shut()} resets new connections at once (as a dropped network fails them) and counts them
 *       ({@link #refused()}), leaving relayed ones alone; {@link #open()} accepts again. A test keeps a
 *       client away for as long as it needs, instead of racing its reconnect delay.</li>
 *   <li>{@link #cut()} also drops every relayed connection (as a Redis that went away);
 *       {@link #restore()} forwards again.</li>
 *   <li>{@link #retarget(int)} sends new connections elsewhere (a replacement server).</li>
 * </ul>
 * The listening socket (kernel-assigned port) stays bound until {@link #close()}: a released port could be
 * taken meanwhile as some outgoing connection's ephemeral port.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> relayed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int target;
    private volatile boolean shut;

    public TcpProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("proxy-accept-" + listener.getLocalPort(), this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + port();
    }

    public void retarget(int newTarget) {
        this.target = newTarget;
    }

    /** From now on new connections are reset and counted, until {@link #open()}; relayed ones go on. */
    public void shut() {
        shut = true;
    }

    /** Accepts and forwards new connections again. */
    public void open() {
        shut = false;
    }

    /** Connections reset because the proxy was shut, since it started. */
    public int refused() {
        return refused.get();
    }

    /** Closes every relayed connection; new ones are reset as soon as they are accepted. */
    public void cut() throws IOException {
        shut();
        relayed.forEach(TcpProxy::close);
        relayed.clear();
    }

    /** Forwards new connections again (after {@link #cut()}). */
    public void restore() throws IOException {
        open();
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
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                relayed.add(client);
                relayed.add(upstream);
                daemon("proxy-up", () -> pump(client, upstream));
                daemon("proxy-down", () -> pump(upstream, client));
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    /** Copies one direction; when either side ends, both sockets close (no half-close is needed here). */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
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
            relayed.remove(from);
            relayed.remove(to);
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST, not FIN: the client fails at once, like a host that is gone
        } catch (IOException e) {
            // closing is what matters
        }
        close(socket);
    }

    private static void close(Closeable socket) {
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
        relayed.forEach(TcpProxy::close);
        relayed.clear();
    }
}
