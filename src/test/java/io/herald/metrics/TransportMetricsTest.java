package io.herald.metrics;

import io.herald.testing.HeraldServer;
import io.herald.testing.HttpStreamClient;
import io.herald.testing.HttpStreamClient.Kind;
import io.herald.testing.WsTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics} of a real standalone server counts connections, messages and bytes by transport. */
@Tag("integration")
class TransportMetricsTest {

    /** {@code name{transport="kind"}} to its value, for the per-transport families. */
    private static Map<String, Double> byTransport(HeraldServer server) throws Exception {
        var response = server.api("GET", "/metrics", null, null);
        assertEquals(200, response.statusCode());
        Map<String, Double> values = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("herald_transport_")) {
                int space = line.lastIndexOf(' ');
                values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return values;
    }

    private static double value(Map<String, Double> values, String name, String transport) {
        Double v = values.get(name + "{transport=\"" + transport + "\"}");
        assertTrue(v != null, name + " for " + transport + " in /metrics: " + values.keySet());
        return v;
    }

    @Test
    void connectionsMessagesAndBytesAreCountedPerTransport() throws Exception {
        try (HeraldServer server = HeraldServer.start(null)) {
            URI base = URI.create("http://127.0.0.1:" + server.server().port());
            try (WsTestClient ws = server.client("w");
                 HttpStreamClient sse = HttpStreamClient.connected(Kind.SSE, base, "s");
                 HttpStreamClient stream = HttpStreamClient.connected(Kind.HTTP_STREAM, base, "h")) {
                ws.result("ping", "");
                sse.result("ping", ""); // the only emulation POST: {"id":2,"type":"ping"}, 22 bytes
                Map<String, Double> v = byTransport(server);
                for (String t : new String[] {"websocket", "sse", "http_stream"}) {
                    assertEquals(1.0, value(v, "herald_transport_connections", t), t);
                    assertTrue(value(v, "herald_transport_messages_out_total", t) >= 1, t + " wrote its replies");
                    assertTrue(value(v, "herald_transport_outbound_bytes_total", t) > 0, t);
                }
                assertEquals(2.0, value(v, "herald_transport_messages_in_total", "websocket"), "connect, ping");
                assertEquals(2.0, value(v, "herald_transport_messages_in_total", "sse"), "connect (in the URL), ping");
                assertEquals(1.0, value(v, "herald_transport_messages_in_total", "http_stream"), "connect (the body)");
                assertEquals(22.0, value(v, "herald_transport_inbound_bytes_total", "sse"));
                assertTrue(value(v, "herald_transport_inbound_bytes_total", "websocket") > 0);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (value(byTransport(server), "herald_transport_connections", "websocket") > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100); // poll interval of the bounded wait
            }
            assertEquals(0.0, value(byTransport(server), "herald_transport_connections", "websocket"), "closed");
        }
    }
}
