package io.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebSocket client over a plain socket, for what a well-behaved client library cannot do: not
 * reading (slow consumer), hostile or malformed frames. Reads are bounded by socket timeouts.
 */
public final class RawWebSocket implements Closeable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;
    private final Map<String, String> responseHeaders;

    /** One received frame. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** For close frames: the status code, or 1005 when absent. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private RawWebSocket(Socket socket, int status, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHeaders = headers;
    }

    public static RawWebSocket connect(URI ws, Map<String, String> extraHeaders) throws IOException {
        return connect(ws, extraHeaders, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to request (0 = default); small values make slow consumers quick to build */
    public static RawWebSocket connect(URI ws, Map<String, String> extraHeaders, int receiveBuffer) throws IOException {
        return connect(ws, extraHeaders, receiveBuffer, null);
    }

    /** Over TLS ({@code wss://}) when {@code tls} is given: the handshake and frames go through it. */
    public static RawWebSocket connect(URI ws, Map<String, String> extraHeaders, int receiveBuffer,
                                       javax.net.ssl.SSLSocketFactory tls) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5000);
        if (tls != null) {
            javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.createSocket(socket, ws.getHost(), ws.getPort(), true);
            secure.setSoTimeout(10_000);
            secure.startHandshake();
            socket = secure;
        }
        socket.setSoTimeout(10_000);
        byte[] keyBytes = new byte[16];
        RANDOM.nextBytes(keyBytes);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(ws.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(ws.getHost()).append(':').append(ws.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(keyBytes)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Sec-WebSocket-Protocol", "herald.v1");
        headers.putAll(extraHeaders);
        headers.forEach((k, v) -> {
            if (v != null) {
                request.append(k).append(": ").append(v).append("\r\n");
            }
        });
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        InputStream raw = socket.getInputStream();
        String statusLine = readLine(raw);
        Map<String, String> response = new LinkedHashMap<>();
        for (String line; !(line = readLine(raw)).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                response.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
        }
        String[] parts = statusLine.split(" ");
        int code = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return new RawWebSocket(socket, code, response);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The client side's local port (to find this connection in the kernel's socket tables). */
    public int localPort() {
        return socket.getLocalPort();
    }

    public int handshakeStatus() {
        return status;
    }

    public String responseHeader(String name) {
        return responseHeaders.get(name.toLowerCase());
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8), true, 0);
    }

    /** Sends one frame; {@code rsv} sets the reserved bits (0-7) to test rejection. */
    public void sendFrame(int opcode, boolean fin, byte[] payload, boolean mask, int rsv) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xf));
        int maskBit = mask ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            frame.write(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] body = payload.clone();
        if (mask) {
            byte[] key = new byte[4];
            RANDOM.nextBytes(key);
            frame.write(key);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i % 4];
            }
        }
        frame.write(body);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Writes raw bytes as they are (for hand-made malformed frames). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next frame, or throws {@link SocketTimeoutException} after {@code timeout}. */
    public Frame readFrame(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
    }

    /** Reads frames until a close frame arrives; returns its code. Fails when the socket just ends. */
    public int awaitCloseCode(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("no close frame within " + timeout);
            }
            Frame frame;
            try {
                frame = readFrame(Duration.ofMillis(left));
            } catch (EOFException e) {
                return 1006; // connection ended without a close frame
            }
            if (frame.opcode() == 0x8) {
                return frame.closeCode();
            }
        }
    }

    /**
     * Writes {@code writes} from another thread while this one reads, and returns the close code the peer sent
     * (1006 when the connection ended or was reset without one). A server that closes a client mid-stream (a size
     * or rate limit) stops reading it, so the client's writes fail with a broken pipe and a reset can follow its
     * close frame: reading while writing takes the close frame in as it arrives, where writing first and reading
     * after would find the pipe broken and the frame lost to the reset.
     */
    public int sendAllWhileAwaitingClose(java.util.List<byte[]> writes, Duration timeout) throws IOException {
        Thread writer = new Thread(() -> {
            try {
                for (byte[] w : writes) {
                    sendRaw(w);
                }
            } catch (IOException e) {
                // the peer closed the connection: its close code is read below
            }
        }, "raw-websocket-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            return awaitCloseCode(timeout);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return 1006; // reset before any close frame arrived
        } finally {
            try {
                writer.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isClosedByPeer(Duration timeout) throws IOException {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * Reads and discards whatever is still in flight until the peer ends the connection (end of stream or a
     * reset); false when it is still open after {@code timeout}.
     */
    public boolean isClosedByPeerOrReset(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[64 * 1024];
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (in.read(sink) == -1) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset by the peer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
