package io.herald.security;

import io.herald.testing.HeraldServer;
import io.herald.testing.RawWebSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code security.trustedProxies} end to end on the standalone server (the test client connects from
 * 127.0.0.1): per-address limits and the hub's log lines use the forwarded client address exactly when
 * the peer is trusted.
 */
@Tag("integration")
class TrustedProxyHandshakeTest {

    private static HeraldServer start(String trusted) throws Exception {
        return HeraldServer.start("{\"allowAnonymous\":true,\"security\":{\"trustedProxies\":[" + trusted + "]},"
                + "\"limits\":{\"newConnectionsPerSecondPerIp\":0,\"maxConnectionsPerIp\":1}}");
    }

    /** Opens a socket with {@code headers}, sends connect; "connected" or the close code it gets. */
    private static String connect(HeraldServer server, Map<String, String> headers, List<RawWebSocket> open) throws IOException {
        RawWebSocket ws = RawWebSocket.connect(server.wsUri(), headers);
        open.add(ws);
        assertEquals(101, ws.handshakeStatus());
        ws.sendText("{\"id\":1,\"type\":\"connect\"}");
        RawWebSocket.Frame f = ws.readFrame(Duration.ofSeconds(10));
        if (f.opcode() == 0x8) {
            return "close " + f.closeCode();
        }
        assertTrue(f.text().contains("\"result\""), f.text());
        return "connected";
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnPerAddressLimitAndLogLine() throws Exception {
        List<String> logs = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getParameters() != null) {
                    synchronized (logs) {
                        logs.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger hubLog = Logger.getLogger("io.herald.hub"); // the package: its classes log connects
        hubLog.addHandler(capture);
        List<RawWebSocket> open = new ArrayList<>();
        try (HeraldServer server = start("\"127.0.0.1/32\"")) {
            assertEquals("connected", connect(server, Map.of("X-Forwarded-For", "203.0.113.7"), open));
            assertEquals("connected", connect(server, Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.8"), open),
                    "another client behind the same proxy");
            assertEquals("connected", connect(server, Map.of("Forwarded", "for=\"[2001:db8::1]:4711\""), open));
            assertEquals("close 4504", connect(server, Map.of("X-Forwarded-For", "203.0.113.7"), open),
                    "the second connection of 203.0.113.7 is over maxConnectionsPerIp");
            synchronized (logs) {
                assertTrue(logs.stream().anyMatch(l -> l.contains("remote=203.0.113.7")), logs.toString());
                assertTrue(logs.stream().anyMatch(l -> l.contains("remote=2001:db8::1")), logs.toString());
                assertTrue(logs.stream().noneMatch(l -> l.contains("remote=127.0.0.1")), logs.toString());
            }
        } finally {
            hubLog.removeHandler(capture);
            for (RawWebSocket ws : open) {
                ws.close();
            }
        }
    }

    @Test
    void anUntrustedPeersForwardedHeadersAreIgnored() throws Exception {
        List<RawWebSocket> open = new ArrayList<>();
        try (HeraldServer server = start("\"10.0.0.0/8\"")) {
            assertEquals("connected", connect(server, Map.of("X-Forwarded-For", "203.0.113.7"), open));
            assertEquals("close 4504", connect(server, Map.of("X-Forwarded-For", "203.0.113.8"), open),
                    "both count as 127.0.0.1, the real peer");
            assertEquals("close 4504", connect(server, Map.of("Forwarded", "for=203.0.113.9"), open));
        } finally {
            for (RawWebSocket ws : open) {
                ws.close();
            }
        }
    }
}
