package io.herald.bench.wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many WebSocket client connections on one selector thread. Written for the load generator: one
 * shared read buffer (a connection keeps only the bytes of a frame cut in half), no per-message objects
 * on the receive path, frames scanned in place for send times.
 *
 * <p>All connection state is touched only on the loop thread; other threads hand work over through
 * {@link #execute}.
 */
public final class ClientLoop implements Runnable, AutoCloseable {
    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

    private final Wire wire;
    private final Listener listener;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AsciiView view = new AsciiView();
    private ByteBuffer readBuffer = ByteBuffer.allocate(1 << 20);
    private volatile boolean running = true;
    private int maskSeed = 0x5bd1e995;

    /** What the loop reports; called on the loop thread. */
    public interface Listener {
        /** Every subscription of {@code conn} is acknowledged. */
        void ready(Conn conn);

        /** One data message: bytes {@code [from, to)} of {@code buf}, valid only during the call. */
        void data(Conn conn, byte[] buf, int from, int to);

        /** The connection ended or failed; {@code why} says how. Called once per connection. */
        void closed(Conn conn, String why, boolean beforeReady);
    }

    public ClientLoop(Wire wire, Listener listener) throws IOException {
        this.wire = wire;
        this.listener = listener;
        this.selector = Selector.open();
    }

    /** Runs {@code task} on the loop thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Opens one connection from {@code source} (a loopback address) that subscribes to {@code channels}. */
    public void open(InetSocketAddress target, InetSocketAddress source, List<String> channels, Object tag) {
        open(target, source, channels, tag, 0);
    }

    /**
     * As {@link #open(InetSocketAddress, InetSocketAddress, List, Object)}, with the socket's receive buffer set
     * to {@code receiveBufferBytes} before it connects (0: the kernel's default and autotuning).
     */
    public void open(InetSocketAddress target, InetSocketAddress source, List<String> channels, Object tag,
                     int receiveBufferBytes) {
        execute(() -> start(new Conn(target, channels, tag), source, receiveBufferBytes));
    }

    private void start(Conn conn, InetSocketAddress source, int receiveBufferBytes) {
        try {
            SocketChannel ch = SocketChannel.open();
            conn.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (receiveBufferBytes > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            if (source != null) {
                ch.bind(source);
            }
            boolean connected = ch.connect(conn.target);
            conn.key = ch.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, conn);
            if (connected) {
                sendHandshake(conn);
            }
        } catch (IOException | RuntimeException e) {
            fail(conn, "connect: " + e);
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                selector.select(100);
                var selected = selector.selectedKeys();
                for (SelectionKey key : selected) {
                    handle(key);
                }
                selected.clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // closing everything on the way out
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    private void handle(SelectionKey key) {
        Conn conn = (Conn) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                conn.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                sendHandshake(conn);
                return;
            }
            if (key.isWritable()) {
                flush(conn);
            }
            if (key.isValid() && key.isReadable()) {
                read(conn);
            }
        } catch (IOException | RuntimeException e) {
            fail(conn, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void sendHandshake(Conn conn) throws IOException {
        String host = conn.target.getHostString() + ":" + conn.target.getPort();
        StringBuilder req = new StringBuilder(256)
                .append("GET ").append(wire.path()).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        if (wire.subprotocol() != null) {
            req.append("Sec-WebSocket-Protocol: ").append(wire.subprotocol()).append("\r\n");
        }
        req.append("\r\n");
        enqueue(conn, req.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void read(Conn conn) throws IOException {
        ByteBuffer buf = readBuffer;
        buf.clear();
        if (conn.carry != null) {
            if (conn.carry.length > buf.capacity() / 2) {
                readBuffer = ByteBuffer.allocate(conn.carry.length * 4);
                buf = readBuffer;
            }
            buf.put(conn.carry);
            conn.carry = null;
        }
        int n = conn.channel.read(buf);
        if (n < 0) {
            close(conn, "eof");
            return;
        }
        int end = buf.position();
        int pos = 0;
        byte[] bytes = buf.array();
        if (conn.state == State.HANDSHAKE) {
            int headerEnd = indexOf(bytes, 0, end, CRLFCRLF);
            if (headerEnd < 0) {
                keep(conn, bytes, 0, end);
                return;
            }
            String status = new String(bytes, 0, Math.min(12, headerEnd), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                fail(conn, "handshake refused: " + new String(bytes, 0, Math.min(headerEnd, 200), StandardCharsets.US_ASCII));
                return;
            }
            pos = headerEnd + 4;
            conn.state = State.SUBSCRIBING;
            conn.acksLeft = wire.acksFor(conn.channels.size());
            for (String message : wire.subscribe(conn.channels, 1)) {
                sendText(conn, message);
            }
            if (conn.acksLeft == 0) {
                conn.state = State.READY;
                listener.ready(conn);
            }
        }
        pos = frames(conn, bytes, pos, end);
        if (pos < end && conn.state != State.CLOSED) {
            keep(conn, bytes, pos, end);
        }
    }

    /** Parses complete frames in {@code [pos, end)}; returns where an incomplete one starts. */
    private int frames(Conn conn, byte[] b, int pos, int end) throws IOException {
        while (end - pos >= 2 && conn.state != State.CLOSED) {
            int opcode = b[pos] & 0x0f;
            boolean masked = (b[pos + 1] & 0x80) != 0;
            long len = b[pos + 1] & 0x7f;
            int header = 2;
            if (len == 126) {
                if (end - pos < 4) {
                    break;
                }
                len = ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
                header = 4;
            } else if (len == 127) {
                if (end - pos < 10) {
                    break;
                }
                len = 0;
                for (int i = 2; i < 10; i++) {
                    len = (len << 8) | (b[pos + i] & 0xff);
                }
                header = 10;
            }
            if (masked) {
                header += 4; // servers never mask; tolerated, payload left as is
            }
            if (end - pos < header + len) {
                break;
            }
            int from = pos + header;
            int to = (int) (from + len);
            message(conn, opcode, b, from, to);
            pos = to;
        }
        return pos;
    }

    private void message(Conn conn, int opcode, byte[] b, int from, int to) throws IOException {
        switch (opcode) {
            case 0, 1 -> lines(conn, b, from, to);
            case 2 -> { } // binary frames are not used by the kit's publishers
            case 8 -> {
                int code = to - from >= 2 ? ((b[from] & 0xff) << 8) | (b[from + 1] & 0xff) : 1005;
                close(conn, "close " + code);
            }
            case 9 -> sendFrame(conn, 0x8A, java.util.Arrays.copyOfRange(b, from, to));
            default -> { }
        }
    }

    /**
     * A text frame may hold several newline-separated messages (Herald coalesces under load), unless the wire
     * says its clients take a frame as one message: then such a frame fails the connection.
     */
    private void lines(Conn conn, byte[] b, int from, int to) throws IOException {
        if (!wire.manyMessagesPerFrame()) {
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    fail(conn, "several messages in one frame, which this protocol's clients cannot parse");
                    return;
                }
            }
            line(conn, b, from, to);
            return;
        }
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == '\n') {
                if (i > start) {
                    line(conn, b, start, i);
                }
                start = i + 1;
            }
        }
    }

    private void line(Conn conn, byte[] b, int from, int to) throws IOException {
        view.set(b, from, to - from);
        switch (wire.classify(view)) {
            case DATA -> listener.data(conn, b, from, to);
            case PING -> {
                String pong = wire.pong();
                if (pong != null) {
                    sendText(conn, pong);
                }
            }
            case ACK -> {
                if (conn.state == State.SUBSCRIBING) {
                    conn.acksLeft--;
                    for (String message : wire.afterAck(wire.acksFor(conn.channels.size()) - conn.acksLeft,
                            conn.channels)) {
                        sendText(conn, message);
                    }
                    if (conn.acksLeft == 0) {
                        conn.state = State.READY;
                        listener.ready(conn);
                    }
                }
            }
            case ERROR -> fail(conn, "server error: " + view);
            case OTHER -> { }
        }
    }

    /** Sends one masked text frame. Loop thread only. */
    public void sendText(Conn conn, String text) throws IOException {
        sendFrame(conn, 0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends several text messages, one frame each, with one write. Loop thread only.
     *
     * @return false when the connection is gone or more than {@code maxBacklog} bytes wait unsent
     */
    public boolean sendTexts(Conn conn, List<String> texts, int maxBacklog) {
        if (conn.state == State.CLOSED) {
            return false;
        }
        if (conn.out != null && conn.out.remaining() > maxBacklog) {
            return false;
        }
        try {
            for (String text : texts) {
                sendFrame(conn, 0x81, text.getBytes(StandardCharsets.UTF_8), false);
            }
            flush(conn);
            return true;
        } catch (IOException | RuntimeException e) {
            fail(conn, "send: " + e);
            return false;
        }
    }

    private void sendFrame(Conn conn, int firstByte, byte[] payload) throws IOException {
        sendFrame(conn, firstByte, payload, true);
    }

    private void sendFrame(Conn conn, int firstByte, byte[] payload, boolean flushNow) throws IOException {
        int len = payload.length;
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + len];
        frame[0] = (byte) firstByte;
        if (len < 126) {
            frame[1] = (byte) (0x80 | len);
        } else if (len < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (len >>> 8);
            frame[3] = (byte) len;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
        }
        maskSeed = maskSeed * 1103515245 + 12345;
        int mask = maskSeed;
        for (int i = 0; i < 4; i++) {
            frame[header + i] = (byte) (mask >>> (24 - 8 * i));
        }
        for (int i = 0; i < len; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ frame[header + (i & 3)]);
        }
        enqueue(conn, frame, flushNow);
    }

    private void enqueue(Conn conn, byte[] bytes) throws IOException {
        enqueue(conn, bytes, true);
    }

    private void enqueue(Conn conn, byte[] bytes, boolean flushNow) throws IOException {
        if (conn.out == null) {
            conn.out = ByteBuffer.wrap(bytes);
        } else {
            ByteBuffer joined = ByteBuffer.allocate(conn.out.remaining() + bytes.length);
            joined.put(conn.out).put(bytes).flip();
            conn.out = joined;
        }
        if (flushNow) {
            flush(conn);
        }
    }

    private void flush(Conn conn) throws IOException {
        if (conn.out == null || conn.state == State.CLOSED) {
            return;
        }
        conn.channel.write(conn.out);
        if (conn.out.hasRemaining()) {
            conn.key.interestOps(conn.key.interestOps() | SelectionKey.OP_WRITE);
        } else {
            conn.out = null;
            if (conn.key.isValid() && (conn.key.interestOps() & SelectionKey.OP_WRITE) != 0) {
                conn.key.interestOps(conn.key.interestOps() & ~SelectionKey.OP_WRITE);
            }
        }
    }

    /** Stops reading from {@code conn}: the server sees a consumer that fell asleep. Loop thread only. */
    public void stopReading(Conn conn) {
        if (conn.key != null && conn.key.isValid()) {
            conn.key.interestOps(conn.key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    /** Reads from {@code conn} again after {@link #stopReading}. Loop thread only. */
    public void resumeReading(Conn conn) {
        if (conn.key != null && conn.key.isValid()) {
            conn.key.interestOps(conn.key.interestOps() | SelectionKey.OP_READ);
        }
    }

    /** Sends a close frame (1000) and closes the socket. Loop thread only. */
    public void closeNormally(Conn conn) {
        if (conn.state == State.CLOSED) {
            return;
        }
        try {
            sendFrame(conn, 0x88, new byte[] {0x03, (byte) 0xe8});
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        close(conn, "client close");
    }

    private void close(Conn conn, String why) {
        if (conn.state == State.CLOSED) {
            return;
        }
        boolean beforeReady = conn.state != State.READY;
        conn.state = State.CLOSED;
        try {
            if (conn.key != null) {
                conn.key.cancel();
            }
            if (conn.channel != null) {
                conn.channel.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
        listener.closed(conn, why, beforeReady);
    }

    private void fail(Conn conn, String why) {
        close(conn, why);
    }

    private static void keep(Conn conn, byte[] b, int from, int to) {
        conn.carry = java.util.Arrays.copyOfRange(b, from, to);
    }

    private static int indexOf(byte[] b, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
    }

    enum State { HANDSHAKE, SUBSCRIBING, READY, CLOSED }

    /** One client connection. Fields are owned by the loop thread. */
    public static final class Conn {
        final InetSocketAddress target;
        final List<String> channels;
        public final Object tag;
        SocketChannel channel;
        SelectionKey key;
        State state = State.HANDSHAKE;
        byte[] carry;
        ByteBuffer out;
        int acksLeft;

        Conn(InetSocketAddress target, List<String> channels, Object tag) {
            this.target = target;
            this.channels = channels;
            this.tag = tag;
        }

        public boolean isReady() {
            return state == State.READY;
        }
    }

    /** A reusable ASCII view of part of a byte array, for classifying messages without copying. */
    static final class AsciiView implements CharSequence {
        private byte[] b;
        private int off;
        private int len;

        void set(byte[] bytes, int offset, int length) {
            b = bytes;
            off = offset;
            len = length;
        }

        @Override
        public int length() {
            return len;
        }

        @Override
        public char charAt(int index) {
            return (char) (b[off + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
    }
}
