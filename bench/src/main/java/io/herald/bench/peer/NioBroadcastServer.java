package io.herald.bench.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The physical ceiling of this box: a bare Java NIO WebSocket broadcast server that does nothing else. One
 * thread per core, each with its own selector owning a share of the connections; a publication is framed once
 * into one {@link ByteBuffer} and handed to every worker, which writes a duplicate of it to each of its
 * subscribers of that channel, and when a socket takes only part, queues the rest and writes everything queued
 * with one gathering write once the socket is writable again. No JSON, no history, no per-message objects
 * beyond the buffer views. Same dialect as bench/peers/ws-server.js ({@code S<channel>} / {@code P<channel> <msg>}).
 */
public final class NioBroadcastServer {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** A connection queued past this many bytes is dropped (the peers' stand-in for a bound). */
    private static final long MAX_QUEUED = 64L << 20;

    private final List<Worker> workers = new ArrayList<>();

    private NioBroadcastServer(int threads) throws IOException {
        for (int i = 0; i < threads; i++) {
            workers.add(new Worker(i));
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "8084");
        NioBroadcastServer server = new NioBroadcastServer(Runtime.getRuntime().availableProcessors());
        ServerSocketChannel listen = ServerSocketChannel.open();
        listen.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.workers.forEach(w -> new Thread(w, "nio-worker-" + w.index).start());
        System.out.println("nio peer listening on " + port);
        for (int next = 0; ; next++) {
            SocketChannel ch = listen.accept();
            ch.configureBlocking(false);
            ch.socket().setTcpNoDelay(true);
            server.workers.get(Math.floorMod(next, server.workers.size())).adopt(ch);
        }
    }

    /** Publishes {@code frame} (a finished server frame) to every worker's subscribers of {@code channel}. */
    private void broadcast(String channel, ByteBuffer frame) {
        for (Worker w : workers) {
            w.publish(channel, frame);
        }
    }

    /** One connection: handshake, then masked client frames in, broadcast frames out. */
    private static final class Conn {
        final SocketChannel ch;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        final List<String> channels = new ArrayList<>(2);
        long queued;
        boolean open;
        SelectionKey key;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final Selector selector;
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final Map<String, Set<Conn>> channels = new HashMap<>();
        /** Buffers of one gathering write, reused. */
        ByteBuffer[] gather = new ByteBuffer[16];

        Worker(int index) throws IOException {
            this.index = index;
            this.selector = Selector.open();
        }

        void adopt(SocketChannel ch) {
            tasks.add(() -> {
                try {
                    Conn c = new Conn(ch);
                    c.key = ch.register(selector, SelectionKey.OP_READ, c);
                } catch (IOException e) {
                    close(null, ch);
                }
            });
            selector.wakeup();
        }

        void publish(String channel, ByteBuffer frame) {
            tasks.add(() -> {
                Set<Conn> set = channels.get(channel);
                if (set != null) {
                    for (Conn c : set) {
                        send(c, frame.duplicate());
                    }
                }
            });
            selector.wakeup();
        }

        @Override
        public void run() {
            while (true) {
                try {
                    selector.select();
                    for (Runnable t; (t = tasks.poll()) != null; ) {
                        t.run();
                    }
                    for (SelectionKey k : selector.selectedKeys()) {
                        Conn c = (Conn) k.attachment();
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isWritable()) {
                            flush(c);
                        }
                        if (k.isValid() && k.isReadable()) {
                            read(c);
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (IOException | RuntimeException e) {
                    // keep serving the other connections
                }
            }
        }

        private void read(Conn c) {
            try {
                if (c.ch.read(c.in) < 0) {
                    close(c, c.ch);
                    return;
                }
                c.in.flip();
                if (!c.open) {
                    handshake(c);
                } else {
                    frames(c);
                }
                c.in.compact();
            } catch (IOException e) {
                close(c, c.ch);
            }
        }

        private void handshake(Conn c) throws IOException {
            String text = StandardCharsets.ISO_8859_1.decode(c.in.duplicate()).toString();
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            c.in.position(c.in.position() + end + 4);
            String key = null;
            for (String line : text.substring(0, end).split("\r\n")) {
                if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
                    key = line.substring(18).trim();
                }
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            send(c, ByteBuffer.wrap(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            c.open = true;
            frames(c);
        }

        /** Parses the complete masked client frames in {@code c.in}; a partial one waits for more bytes. */
        private void frames(Conn c) {
            ByteBuffer b = c.in;
            while (b.remaining() >= 2) {
                int start = b.position();
                int b0 = b.get(start) & 0xff;
                int b1 = b.get(start + 1) & 0xff;
                long len = b1 & 0x7f;
                int header = 2;
                if (len == 126) {
                    if (b.remaining() < 4) {
                        return;
                    }
                    len = b.getShort(start + 2) & 0xffff;
                    header = 4;
                } else if (len == 127) {
                    if (b.remaining() < 10) {
                        return;
                    }
                    len = b.getLong(start + 2);
                    header = 10;
                }
                boolean masked = (b1 & 0x80) != 0;
                int total = header + (masked ? 4 : 0) + (int) len;
                if (b.remaining() < total) {
                    return;
                }
                byte[] payload = new byte[(int) len];
                int data = start + header + (masked ? 4 : 0);
                for (int i = 0; i < len; i++) {
                    byte m = masked ? b.get(start + header + (i & 3)) : 0;
                    payload[i] = (byte) (b.get(data + i) ^ m);
                }
                b.position(start + total);
                message(c, b0 & 0x0f, payload);
            }
        }

        private void message(Conn c, int opcode, byte[] payload) {
            if (opcode == 0x8) {
                close(c, c.ch);
            } else if (opcode == 0x9) {
                send(c, frame(0x8A, payload));
            } else if (opcode == 0x1 && payload.length > 0) {
                String text = new String(payload, StandardCharsets.UTF_8);
                if (text.charAt(0) == 'S') {
                    String channel = text.substring(1);
                    channels.computeIfAbsent(channel, k -> new HashSet<>()).add(c);
                    c.channels.add(channel);
                    send(c, frame(0x81, ("A" + channel).getBytes(StandardCharsets.UTF_8)));
                } else if (text.charAt(0) == 'P') {
                    int space = text.indexOf(' ');
                    byte[] msg = text.substring(space + 1).getBytes(StandardCharsets.UTF_8);
                    broadcast(text.substring(1, space), frame(0x81, msg).asReadOnlyBuffer());
                }
            }
        }

        private void send(Conn c, ByteBuffer buf) {
            if (c.out.isEmpty()) {
                try {
                    c.ch.write(buf);
                } catch (IOException e) {
                    close(c, c.ch);
                    return;
                }
                if (!buf.hasRemaining()) {
                    return;
                }
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            c.out.add(buf);
            c.queued += buf.remaining();
            if (c.queued > MAX_QUEUED) {
                close(c, c.ch);
            }
        }

        /** Writes everything queued with gathering writes until the socket is full or the queue empty. */
        private void flush(Conn c) {
            try {
                while (!c.out.isEmpty()) {
                    int n = 0;
                    for (ByteBuffer b : c.out) {
                        if (n == gather.length) {
                            break;
                        }
                        gather[n++] = b;
                    }
                    long written = c.ch.write(gather, 0, n);
                    c.queued -= written;
                    while (!c.out.isEmpty() && !c.out.peek().hasRemaining()) {
                        c.out.poll();
                    }
                    java.util.Arrays.fill(gather, 0, n, null);
                    if (!c.out.isEmpty() && (written == 0 || n < gather.length)) {
                        break; // the socket took less than offered: wait for the next OP_WRITE
                    }
                }
                if (c.out.isEmpty() && c.key.isValid()) {
                    c.key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                close(c, c.ch);
            }
        }

        private void close(Conn c, SocketChannel ch) {
            if (c != null) {
                for (String channel : c.channels) {
                    Set<Conn> set = channels.get(channel);
                    if (set != null && set.remove(c) && set.isEmpty()) {
                        channels.remove(channel);
                    }
                }
                c.channels.clear();
                c.out.clear();
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    /** An unmasked final server frame. */
    static ByteBuffer frame(int first, byte[] payload) {
        int len = payload.length;
        int header = len <= 125 ? 2 : len <= 0xFFFF ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + len);
        b.put((byte) first);
        if (len <= 125) {
            b.put((byte) len);
        } else if (len <= 0xFFFF) {
            b.put((byte) 126).putShort((short) len);
        } else {
            b.put((byte) 127).putLong(len);
        }
        b.put(payload).flip();
        return b;
    }
}
