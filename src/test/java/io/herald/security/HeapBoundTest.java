package io.herald.security;

import io.herald.testing.HeraldServer;
import io.herald.testing.RawWebSocket;
import io.herald.testing.WsTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's heap stays bounded under hostile input: the standalone server runs in this JVM, so its
 * heap is measured directly (used heap after GC, and the peak of all heap pools during the attack).
 */
@Tag("integration")
class HeapBoundTest {
    private static final long MB = 1024 * 1024;

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static byte[] frame(int firstByte, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(14 + payload.length).put((byte) firstByte);
        if (payload.length < 126) {
            out.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            out.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            out.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        out.put(new byte[4]).put(payload); // zero mask: payload unchanged
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    @Test
    void heapStaysBoundedAndBystandersKeepReceivingUnderHostileLoad() throws Exception {
        try (HeraldServer server = HeraldServer.start("{\"allowAnonymous\":true,\"limits\":{\"newConnectionsPerSecondPerIp\":0}}");
             WsTestClient bystander = server.client("by")) {
            bystander.result("subscribe", ",\"channel\":\"watch\"");
            long baseline = usedAfterGc();
            heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);

            // 1. 100 connections each declaring a 1 TiB frame: refused from the header, nothing buffered
            for (int i = 0; i < 100; i++) {
                try (RawWebSocket ws = RawWebSocket.connect(server.wsUri(), Map.of())) {
                    ws.sendRaw(ByteBuffer.allocate(14).put((byte) 0x82).put((byte) 0xff).putLong(1L << 40).array());
                    assertEquals(1009, ws.awaitCloseCode(Duration.ofSeconds(10)));
                }
            }
            // 2. 40 connections at once, each with a fragmented message that grows past the limit
            List<RawWebSocket> open = new ArrayList<>();
            byte[] chunk = frame(0x00, "x".repeat(16_000).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 40; i++) {
                RawWebSocket ws = RawWebSocket.connect(server.wsUri(), Map.of());
                open.add(ws);
                ws.sendRaw(frame(0x01, "{\"a\":\"".getBytes(StandardCharsets.UTF_8)));
            }
            // all 40 grow at once: each writes its chunks while it reads, so the 1009 a server sends before it stops
            // reading arrives ahead of the reset its unread chunks cause (a write-all-then-read client saw 1006)
            ExecutorService floods = Executors.newFixedThreadPool(open.size());
            try {
                List<Future<Integer>> codes = new ArrayList<>();
                for (RawWebSocket ws : open) {
                    codes.add(floods.submit(() -> ws.sendAllWhileAwaitingClose(Collections.nCopies(8, chunk),
                            Duration.ofSeconds(10))));
                }
                for (Future<Integer> code : codes) {
                    assertEquals(1009, code.get(30, TimeUnit.SECONDS), "fragment flood close code");
                }
            } finally {
                floods.shutdownNow();
                for (RawWebSocket ws : open) {
                    ws.close();
                }
            }
            // 3. a ping flood from a client that never reads its pongs (~25 MB of pings)
            try (RawWebSocket flooder = RawWebSocket.connect(server.wsUri(), Map.of(), 4096)) {
                ByteArrayOutputStream pings = new ByteArrayOutputStream();
                for (int i = 0; i < 1000; i++) {
                    pings.write(frame(0x89, new byte[125]));
                }
                byte[] burst = pings.toByteArray();
                try {
                    for (int i = 0; i < 200; i++) {
                        flooder.sendRaw(burst);
                    }
                } catch (IOException e) {
                    // cut off by the server: fine
                }
            }
            // bystanders still receive
            assertEquals(200, server.api("POST", "/api/publish", "application/json", "{\"channel\":\"watch\",\"data\":1}").statusCode());
            assertEquals(1, bystander.awaitPush("pub", "watch").getInt("data"));

            long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            long after = usedAfterGc();
            System.out.println("heap-bound baseline=" + baseline / MB + " MB peak=" + peak / MB + " MB afterGc=" + after / MB + " MB");
            assertTrue(after - baseline < 32 * MB, "heap grew by " + (after - baseline) / MB + " MB and stayed");
            assertTrue(peak - baseline < 512 * MB, "peak heap " + (peak - baseline) / MB + " MB above baseline");
        }
    }
}
