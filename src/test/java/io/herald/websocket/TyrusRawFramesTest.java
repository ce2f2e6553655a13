package io.herald.websocket;

import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@Tag("integration")
class TyrusRawFramesTest {

    @Test
    void textFrameUsesTheShortestLengthEncodingForEachSize() {
        for (int len : new int[] {0, 1, 125, 126, 65_535, 65_536, 200_000}) {
            String text = "x".repeat(len);
            byte[] frame = TyrusRawFrames.textFrame(text);
            int header = len <= 125 ? 2 : len <= 65_535 ? 4 : 10;
            assertEquals(header + len, frame.length, "frame size for " + len);
            assertEquals((byte) 0x81, frame[0], "FIN + text opcode");
            long decoded = switch (header) {
                case 2 -> frame[1];
                case 4 -> ((frame[2] & 0xffL) << 8) | (frame[3] & 0xffL);
                default -> {
                    long v = 0;
                    for (int i = 2; i < 10; i++) {
                        v = (v << 8) | (frame[i] & 0xffL);
                    }
                    yield v;
                }
            };
            assertEquals(len, decoded, "declared length for " + len);
            assertEquals(0, frame[1] & 0x80, "server frames are never masked");
        }
    }

    @Test
    void textFrameCarriesUtf8Bytes() {
        String text = "{\"data\":\"h\u00e9llo \u20ac\"}";
        byte[] frame = TyrusRawFrames.textFrame(text);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(frame, 2, frame.length));
    }

    @Test
    void aNonTyrusSessionGetsThePortablePath() {
        Session other = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    throw new AssertionError("must not be called: " + method.getName());
                });
        assertNull(TyrusRawFrames.forSession(other));
    }

    /** Guards a Tyrus upgrade: if its internals move, this fails instead of silently losing the fast path. */
    @Test
    void theRawPathIsFoundOnThisTyrusVersion() throws Exception {
        try (HeraldServer server = HeraldServer.start(null);
             WsTestClient client = server.client("ann")) {
            assertNotNull(TyrusRawFrames.forSession(client.session()));
        }
    }
}
