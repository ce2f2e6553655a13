package io.herald.e2e;

import io.herald.testing.RawWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * RFC 6455 conformance of the server's frame handling, over plain sockets with hand-made frames (the
 * cases of Autobahn sections 1-7 that matter to a hub; Autobahn itself cannot run here). Written once,
 * run against every {@link HeraldTarget}: each hostile frame must end exactly as the outcome table in
 * docs/security.md says for this target ({@link RawFrameOutcomes}: exactly one close code, a drop, or a
 * documented deviation, never a choice), within a bound and without affecting other clients. A close frame
 * is read until it arrives or the connection ends; {@code dropped} is an end without one.
 *
 * <p>Each case's outcome is printed at the end for reports.
 */
public abstract class RawFrameConformance {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> OUTCOMES = new TreeMap<>();
    private static final RawFrameOutcomes TABLE = RawFrameOutcomes.load();
    /**
     * What each row measured on this target (every outcome its cases gave), written at the end to
     * target/raw-frame-outcomes/&lt;target&gt;.txt: the measured column, to compare with the table when it changes.
     */
    private static final Map<String, Set<String>> MEASURED = new TreeMap<>();
    private static final Path MEASURED_DIR = Path.of("target", "raw-frame-outcomes");
    private static volatile String measuredTarget = "unknown";

    /** The rows of the outcome table, one per case below; {@code RawFrameOutcomesTest} checks the doc has exactly these. */
    static final List<String> ROWS = List.of("unmasked text frame", "rsv bits", "reserved opcode",
            "ping with 126-byte payload", "close with 126-byte payload", "ping without FIN", "invalid close code",
            "close with 1-byte payload", "close reason invalid UTF-8", "valid close code", "text frame invalid UTF-8",
            "fragmented text invalid UTF-8", "continuation without start", "text frame inside fragmented text",
            "64-bit length with MSB set", "declared length 2^40");

    protected abstract HeraldTarget target();

    /** How long the target lets a connection dribble its HTTP request before dropping it. */
    protected Duration handshakeTimeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Whether the target ends a dribbling HTTP handshake after {@link #handshakeTimeout()} however slowly
     * it keeps arriving. False for targets whose read timeout restarts with every byte and that end such a
     * request only at their header size limit; the slowloris case then asserts that other clients are
     * served while the dribble lasts and that the request ends at that limit.
     */
    protected boolean hasHandshakeDeadline() {
        return true;
    }

    /**
     * How many payload bytes follow a frame header that declares a 2^40-byte payload. A target that
     * refuses on the declared length answers after the first few; one that reads the payload into its
     * bounded message buffer answers once that buffer overflows, so it must be sent a little more.
     */
    protected int declaredLengthProbeBytes() {
        return 1024;
    }

    @AfterAll
    static void report() throws IOException {
        OUTCOMES.forEach((name, outcome) -> System.out.println("raw-frame " + name + " -> " + outcome));
        OUTCOMES.clear();
        if (!MEASURED.isEmpty()) {
            Files.createDirectories(MEASURED_DIR);
            StringBuilder column = new StringBuilder();
            MEASURED.forEach((row, outcomes) -> column.append(row).append(" | ").append(String.join(", ", outcomes)).append('\n'));
            Files.writeString(MEASURED_DIR.resolve(measuredTarget + ".txt"), column, StandardCharsets.UTF_8);
            MEASURED.clear();
        }
    }

    private RawWebSocket open() throws IOException {
        RawWebSocket ws = RawWebSocket.connect(target().wsUri(), Map.of());
        assertEquals(101, ws.handshakeStatus());
        ws.sendText("{\"id\":1,\"type\":\"connect\"}");
        RawWebSocket.Frame reply = ws.readFrame(WAIT);
        assertTrue(reply.text().contains("\"result\""), reply.text());
        return ws;
    }

    /**
     * Sends {@code frame} on a fresh connection and asserts the outcome documented for {@code row} on
     * this target. {@code clientCode} is the code of a close frame the case sends (for {@code echo}), else 0.
     */
    private void expect(String row, String name, byte[] frame, int clientCode) throws IOException {
        String expected = TABLE.expected(row, target().name());
        measuredTarget = target().name();
        String outcome;
        try (RawWebSocket ws = open()) {
            ws.sendRaw(frame);
            outcome = observe(ws, expected, clientCode);
        } finally {
            assertServerStillServes();
        }
        OUTCOMES.put(target().name() + " " + name, outcome);
        MEASURED.computeIfAbsent(row, r -> new TreeSet<>()).add(outcome);
        assertEquals(expected, outcome, name + " on " + target().name() + " (table in " + RawFrameOutcomes.DOC + ")");
    }

    private void expect(String row, String name, byte[] frame) throws IOException {
        expect(row, name, frame, 0);
    }

    /**
     * How the connection answers: its close code ({@code echo} when it is the client's own), {@code dropped}
     * when it ends without a close frame, {@code accepted} when a command sent after the frame is answered.
     */
    private static String observe(RawWebSocket ws, String expected, int clientCode) throws IOException {
        if ("accepted".equals(expected)) {
            ws.sendText("{\"id\":2,\"type\":\"ping\"}");
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            RawWebSocket.Frame f;
            try {
                f = ws.readFrame(WAIT);
            } catch (EOFException | SocketException e) {
                return "dropped"; // ended or reset by the server
            }
            if (f.opcode() == 0x8) {
                int code = f.closeCode();
                return clientCode != 0 && code == clientCode ? "echo" : Integer.toString(code);
            }
            if (f.opcode() == 0x1 && f.text().contains("\"id\":2")) {
                return "accepted";
            }
        }
        throw new AssertionError("neither a close nor a reply within " + WAIT);
    }

    /** A fresh client still connects and gets a reply. */
    private void assertServerStillServes() throws IOException {
        try (RawWebSocket ws = open()) {
            ws.sendText("{\"id\":2,\"type\":\"ping\"}");
            assertTrue(ws.readFrame(WAIT).text().contains("\"id\":2"));
        }
    }

    // ---- frame building ------------------------------------------------------------------------------

    /** A masked client frame with a correct length field. */
    static byte[] frame(int firstByte, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(14 + payload.length);
        out.put((byte) firstByte);
        if (payload.length < 126) {
            out.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            out.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            out.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
        out.put(mask);
        for (int i = 0; i < payload.length; i++) {
            out.put((byte) (payload[i] ^ mask[i % 4]));
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    static byte[] unmasked(int firstByte, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(2 + payload.length);
        out.put((byte) firstByte).put((byte) payload.length).put(payload);
        return out.array();
    }

    static byte[] closePayload(int code, byte[] reason) {
        return ByteBuffer.allocate(2 + reason.length).putShort((short) code).put(reason).array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    private static final byte[] PING_JSON = "{\"id\":9,\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INVALID_UTF8 = {(byte) 0xce, (byte) 0xba, (byte) 0xe1, (byte) 0xbd, (byte) 0xb9,
            (byte) 0xcf, (byte) 0x83, (byte) 0xce, (byte) 0xbc, (byte) 0xce, (byte) 0xb5, (byte) 0xed, (byte) 0xa0,
            (byte) 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64};

    // ---- cases ----------------------------------------------------------------------------------------

    @Test
    void unmaskedClientFrameEndsAsDocumented() throws IOException {
        expect("unmasked text frame", "unmasked text frame", unmasked(0x81, PING_JSON));
    }

    @Test
    void reservedBitsEndAsDocumented() throws IOException {
        for (int rsv : new int[]{0x40, 0x20, 0x10, 0x70}) {
            expect("rsv bits", "rsv bits 0x" + Integer.toHexString(rsv), frame(0x80 | rsv | 0x1, PING_JSON));
        }
    }

    @Test
    void reservedOpcodesEndAsDocumented() throws IOException {
        for (int opcode : new int[]{0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            expect("reserved opcode", "reserved opcode 0x" + Integer.toHexString(opcode), frame(0x80 | opcode, new byte[0]));
        }
    }

    @Test
    void controlFrameOver125BytesEndsAsDocumented() throws IOException {
        expect("ping with 126-byte payload", "ping with 126-byte payload", frame(0x89, new byte[126]));
        expect("close with 126-byte payload", "close with 126-byte payload", frame(0x88, closePayload(1000, new byte[124])));
    }

    @Test
    void fragmentedControlFrameEndsAsDocumented() throws IOException {
        expect("ping without FIN", "ping without FIN", frame(0x09, new byte[]{1, 2}));
    }

    @Test
    void invalidCloseCodesEndAsDocumented() throws IOException {
        for (int code : new int[]{0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            expect("invalid close code", "close code " + code, frame(0x88, closePayload(code, new byte[0])));
        }
    }

    @Test
    void oneByteClosePayloadEndsAsDocumented() throws IOException {
        expect("close with 1-byte payload", "close with 1-byte payload", frame(0x88, new byte[]{0x03}));
    }

    @Test
    void closeReasonThatIsNotUtf8EndsAsDocumented() throws IOException {
        expect("close reason invalid UTF-8", "close reason invalid UTF-8", frame(0x88, closePayload(1000, INVALID_UTF8)));
    }

    @Test
    void validCloseIsAnsweredAsDocumented() throws IOException {
        for (int code : new int[]{1000, 1001, 3000, 4999}) {
            expect("valid close code", "close code " + code + " (valid)",
                    frame(0x88, closePayload(code, "bye".getBytes(StandardCharsets.UTF_8))), code);
        }
    }

    @Test
    void textThatIsNotUtf8EndsAsDocumented() throws IOException {
        expect("text frame invalid UTF-8", "text frame invalid UTF-8", frame(0x81, INVALID_UTF8));
    }

    @Test
    void fragmentedTextThatIsNotUtf8EndsAsDocumented() throws IOException {
        byte[] first = java.util.Arrays.copyOfRange(INVALID_UTF8, 0, 12);
        byte[] rest = java.util.Arrays.copyOfRange(INVALID_UTF8, 12, INVALID_UTF8.length);
        expect("fragmented text invalid UTF-8", "fragmented text invalid UTF-8", concat(frame(0x01, first), frame(0x80, rest)));
    }

    @Test
    void continuationWithoutStartEndsAsDocumented() throws IOException {
        expect("continuation without start", "continuation without start", frame(0x80, PING_JSON));
    }

    @Test
    void newMessageInsideAFragmentedMessageEndsAsDocumented() throws IOException {
        expect("text frame inside fragmented text", "text frame inside fragmented text",
                concat(frame(0x01, "{\"id\":".getBytes(StandardCharsets.UTF_8)), frame(0x81, PING_JSON)));
    }

    @Test
    void lengthWithTheTopBitSetEndsAsDocumented() throws IOException {
        // CVE-2020-13935: a 64-bit payload length with the most significant bit set
        byte[] header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127))
                .putLong(0x8000_0000_0000_0010L).put(new byte[]{1, 2, 3, 4}).array();
        expect("64-bit length with MSB set", "64-bit length with MSB set", concat(header, new byte[16]));
    }

    @Test
    void hugeDeclaredLengthIsRefusedWithoutBuffering() throws IOException {
        byte[] header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127))
                .putLong(1L << 40).put(new byte[]{1, 2, 3, 4}).array();
        expect("declared length 2^40", "declared length 2^40", concat(header, new byte[declaredLengthProbeBytes()]));
    }

    @Test
    void pingIsAnsweredWithPongCarryingThePayload() throws IOException {
        try (RawWebSocket ws = open()) {
            ws.sendRaw(frame(0x89, "hello".getBytes(StandardCharsets.UTF_8)));
            RawWebSocket.Frame pong = ws.readFrame(WAIT);
            assertEquals(0xA, pong.opcode());
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), pong.payload());
        }
    }

    @Test
    void controlFrameBetweenFragmentsIsHandledAndTheMessageCompletes() throws IOException {
        try (RawWebSocket ws = open()) {
            ws.sendRaw(concat(frame(0x01, java.util.Arrays.copyOfRange(PING_JSON, 0, 5)), frame(0x89, new byte[]{7}),
                    frame(0x80, java.util.Arrays.copyOfRange(PING_JSON, 5, PING_JSON.length))));
            RawWebSocket.Frame pong = ws.readFrame(WAIT);
            assertEquals(0xA, pong.opcode());
            assertTrue(ws.readFrame(WAIT).text().contains("\"id\":9"), "the fragmented command got its reply");
        }
    }

    @Test
    void slowlorisHandshakeIsDroppedInBoundedTime() throws IOException {
        if (!hasHandshakeDeadline()) {
            slowlorisHandshakeEndsAtTheHeaderLimitWhileOthersAreServed();
            return;
        }
        URI ws = target().wsUri();
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String partial = "GET " + ws.getRawPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
            out.write(partial.getBytes(StandardCharsets.ISO_8859_1));
            long deadline = start + handshakeTimeout().plusSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    out.write(("X-Drip-" + (System.nanoTime() % 1000) + ": 1\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    int b = in.read();
                    if (b == -1) {
                        OUTCOMES.put(target().name() + " slowloris handshake", "dropped after "
                                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
                        return;
                    }
                    // an early HTTP error status (408/400) is as good as a drop
                    OUTCOMES.put(target().name() + " slowloris handshake", "answered after "
                            + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
                    return;
                } catch (java.net.SocketTimeoutException e) {
                    // server still waiting; drip the next header line
                } catch (IOException e) {
                    OUTCOMES.put(target().name() + " slowloris handshake", "reset after "
                            + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
                    return;
                }
            }
            fail("the server kept a dribbling handshake open for " + handshakeTimeout().plusSeconds(10));
        } finally {
            assertServerStillServes();
        }
    }

    /** The slowloris case for targets without a handshake deadline (see {@link #hasHandshakeDeadline()}). */
    private void slowlorisHandshakeEndsAtTheHeaderLimitWhileOthersAreServed() throws IOException {
        URI ws = target().wsUri();
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET " + ws.getRawPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String outcome = null;
            long slowUntil = start + handshakeTimeout().toNanos();
            while (System.nanoTime() < slowUntil && outcome == null) {
                assertServerStillServes(); // the dribble holds no thread that others need
                try {
                    out.write(("X-Drip-" + (System.nanoTime() % 1000) + ": 1\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    int b = in.read(); // one header line per second (the socket's read timeout)
                    outcome = b == -1 ? "dropped" : "answered " + statusLine(b, in);
                } catch (java.net.SocketTimeoutException e) {
                    // still waiting, as expected without a deadline
                } catch (IOException e) {
                    outcome = "reset";
                }
            }
            // now the header grows quickly: the target's header size limit must end the request
            byte[] filler = ("X-Fill: " + "f".repeat(1000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            socket.setSoTimeout(50);
            for (int sent = 0; sent < 256 && outcome == null; sent++) { // 256 KB, far beyond any header limit
                try {
                    out.write(filler);
                    out.flush();
                    int b = in.read();
                    outcome = b == -1 ? "dropped" : "answered " + statusLine(b, in);
                } catch (java.net.SocketTimeoutException e) {
                    // still reading headers; grow them further
                } catch (IOException e) {
                    outcome = "reset";
                }
            }
            if (outcome == null) {
                fail("the server kept accepting a 256 KB request header");
            }
            OUTCOMES.put(target().name() + " slowloris handshake", outcome + " after "
                    + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s (no handshake deadline)");
            assertTrue(!outcome.startsWith("answered") || !outcome.contains(" 101"), "the dribbled handshake was accepted: " + outcome);
        } finally {
            assertServerStillServes();
        }
    }

    /** The rest of an HTTP status line whose first byte was {@code first}. */
    private static String statusLine(int first, InputStream in) {
        StringBuilder line = new StringBuilder().append((char) first);
        try {
            for (int b = in.read(); b != -1 && b != '\r' && line.length() < 80; b = in.read()) {
                line.append((char) b);
            }
        } catch (IOException e) {
            // the status code is what matters; a truncated line is fine
        }
        return line.toString();
    }
}
