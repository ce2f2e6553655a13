package io.herald.metrics;

import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/grafana/herald.json against a running server's {@code /metrics}: every metric a panel queries
 * exists, and the dashboard has the panels operators need (connections, deliveries per second,
 * publish-to-send latency, slow-consumer closes, broker state, connections and traffic by transport).
 */
@Tag("integration")
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("docs", "grafana", "herald.json");
    private static final Pattern METRIC = Pattern.compile("\\bherald_[a-z_]+\\b");

    private static JsonObject dashboard() throws IOException {
        try (Reader in = Files.newBufferedReader(DASHBOARD); JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }

    private static List<String> expressions(JsonObject dashboard) {
        List<String> exprs = new ArrayList<>();
        for (JsonValue panel : dashboard.getJsonArray("panels")) {
            for (JsonValue target : panel.asJsonObject().getJsonArray("targets")) {
                exprs.add(target.asJsonObject().getString("expr"));
            }
        }
        return exprs;
    }

    /** Sample names and family names in a Prometheus text exposition. */
    private static Set<String> exposed(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(line);
                if (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposedByMetrics() throws Exception {
        try (HeraldServer server = HeraldServer.start(null); WsTestClient c = WsTestClient.connected(server.wsUri(), "g")) {
            c.result("subscribe", ",\"channel\":\"grafana\"");
            assertEquals(200, server.api("POST", "/api/publish", "application/json",
                    "{\"channel\":\"grafana\",\"data\":1}").statusCode());
            c.awaitPush("pub", "grafana");
            c.sendText("{\"id\":77,\"type\":\"nonsense\"}"); // an error, so the labelled error counter has a sample
            c.awaitReply(77);
            HttpResponse<String> metrics = server.api("GET", "/metrics", null, null);
            assertEquals(200, metrics.statusCode());
            Set<String> exposed = exposed(metrics.body());
            Set<String> used = new TreeSet<>();
            for (String expr : expressions(dashboard())) {
                Matcher m = METRIC.matcher(expr);
                while (m.find()) {
                    used.add(m.group());
                }
            }
            assertTrue(used.size() >= 8, "the dashboard queries Herald's metrics: " + used);
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(exposed);
            assertEquals(Set.of(), missing, "queried by docs/grafana/herald.json but not in /metrics (exposed: " + exposed + ")");
        }
    }

    @Test
    void theDashboardHasThePanelsOperatorsNeed() throws IOException {
        String all = String.join("\n", expressions(dashboard()));
        for (String needed : List.of("herald_connections", "rate(herald_deliveries_total",
                "histogram_quantile(0.99, sum by (le) (rate(herald_publish_to_send_seconds_bucket",
                "herald_slow_consumer_closes_total", "herald_broker_ready",
                "sum by (transport) (herald_transport_connections)", "rate(herald_transport_messages_out_total",
                "rate(herald_transport_outbound_bytes_total")) {
            assertTrue(all.contains(needed), "a panel queries " + needed);
        }
        assertEquals("Herald", dashboard().getString("title"));
    }
}
