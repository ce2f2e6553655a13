package io.herald.bench;

import io.herald.hub.Payload;
import io.herald.hub.PublishOptions;
import io.herald.hub.redis.RedisEngine;
import io.herald.hub.redis.RedisSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures one Herald node's fan-out on the Redis engine (docs/scaling.md): a node JVM ({@code java -jar
 * target/herald.war}) with many WebSocket subscribers (JDK client in this JVM), publications injected
 * straight into Redis at a fixed rate through the engine itself. Reports deliveries/s received and the
 * node's CPU seconds per 100,000 deliveries (from /proc), which is what sizes a node, plus its resident
 * memory per connection. Needs {@code redis-server} on the PATH; logs in bench/target/logs.
 *
 * <pre>bench/run.sh class NodeFanout [connections] [channels] [publications/s] [seconds]</pre>
 */
public final class NodeFanout {

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int channels = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        BenchEnv env = BenchEnv.detect(false);
        int redisPort = Ports.free();
        Process redis = Launch.redis(env, redisPort);
        Process node = null;
        try {
            Server.awaitListening(redis, redisPort, null, "redis-server", env.logDir().resolve("redis-" + redisPort + ".log"));
            String url = "redis://127.0.0.1:" + redisPort;
            Path config = env.logDir().resolve("node-fanout-" + redisPort + ".json");
            Files.writeString(config, "{\"allowAnonymous\":true,\"broker\":\"redis\","
                    + "\"redis\":{\"shards\":[\"" + url + "\"],\"keyPrefix\":\"fan:\"},"
                    + "\"limits\":{\"newConnectionsPerSecondPerIp\":0,\"maxConnectionsPerIp\":0},"
                    + "\"defaultNamespace\":{\"presence\":false},\"statsChannel\":\"\"}");
            int port = Ports.free();
            Path log = env.logDir().resolve("node-fanout-herald-" + port + ".log");
            node = Launch.herald(env, port, config, log, "1g");
            Server.awaitListening(node, port, "/health", "herald node", log);
            run(url, node.pid(), URI.create("ws://127.0.0.1:" + port + "/ws"), connections, channels, rate, seconds);
        } finally {
            if (node != null) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(String redisUrl, long nodePid, URI wsUri, int connections, int channels, int rate,
                            int seconds)
            throws Exception {
        long rssBefore = rssKb(nodePid);
        HttpClient http = HttpClient.newHttpClient();
        LongAdder delivered = new LongAdder();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            WebSocket ws = http.newWebSocketBuilder().subprotocols("herald.v1")
                    .buildAsync(wsUri, new Counter(delivered)).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"id\":1,\"type\":\"connect\"}", true).get(5, TimeUnit.SECONDS);
            ws.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"room" + (i % channels) + "\"}", true)
                    .get(5, TimeUnit.SECONDS);
            sockets.add(ws);
        }
        Thread.sleep(2000);
        long rssAfter = rssKb(nodePid);
        RedisEngine publisher = RedisEngine.start(RedisSettings.local(redisUrl, "fan:"));
        PublishOptions options = new PublishOptions(100, Duration.ofMinutes(5), null);
        Payload payload = Payload.json("{\"text\":\"" + "x".repeat(80) + "\"}");
        double cpuBefore = cpuSeconds(nodePid);
        long deliveredBefore = delivered.sum();
        long start = System.nanoTime();
        long sent = 0;
        while (System.nanoTime() - start < Duration.ofSeconds(seconds).toNanos()) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (sent < due) {
                publisher.broker().publish("room" + (sent % channels), payload, null, options);
                sent++;
            }
            Thread.sleep(1);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long expected = sent * (connections / channels);
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (delivered.sum() - deliveredBefore < expected && System.nanoTime() < drainDeadline) {
            Thread.sleep(20); // let the last ones arrive; a lagging node shows as a longer drain
        }
        double drained = (System.nanoTime() - start) / 1e9 - elapsed;
        double cpu = cpuSeconds(nodePid) - cpuBefore;
        long deliveries = delivered.sum() - deliveredBefore;
        System.out.printf("NODE-FANOUT connections=%d channels=%d publications/s=%d seconds=%d deliveries/s=%.0f"
                        + " delivered=%d/%d drainSeconds=%.1f nodeCpuSeconds=%.2f nodeCpuPer100kDeliveries=%.3f s rssPerConnection=%.1f KB%n",
                connections, channels, rate, seconds, deliveries / (elapsed + drained), deliveries, expected, drained, cpu,
                cpu / (deliveries / 100_000.0), (rssAfter - rssBefore) / (double) connections);
        publisher.close();
        for (WebSocket ws : sockets) {
            ws.abort();
        }
    }

    /** utime + stime of a process, in seconds (Linux /proc; 100 ticks per second). */
    private static double cpuSeconds(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ", 2)[1].split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private record Counter(LongAdder delivered) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            String s = data.toString();
            for (int i = s.indexOf("\"type\":\"pub\""); i >= 0; i = s.indexOf("\"type\":\"pub\"", i + 1)) {
                delivered.increment();
            }
            ws.request(1);
            return null;
        }
    }
}
