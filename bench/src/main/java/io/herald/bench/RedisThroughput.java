package io.herald.bench;

import io.herald.hub.BrokerListener;
import io.herald.hub.ClientInfo;
import io.herald.hub.Payload;
import io.herald.hub.Publication;
import io.herald.hub.PublishOptions;
import io.herald.hub.redis.RedisEngine;
import io.herald.hub.redis.RedisSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the Redis engine, not a test: one node publishes from many threads to many channels (each
 * publish = one Lua script: append + trim + PUBLISH), a second node subscribed to every channel
 * counts what arrives. Reports publications/s, deliveries/s to the second node, and Redis CPU
 * seconds per 10,000 publications (from INFO cpu), which is what sizes a shard.
 *
 * <p>Needs {@code redis-server} on the PATH (the kit starts a throwaway one); logs in bench/target/logs.
 *
 * <pre>bench/run.sh class RedisThroughput [seconds] [threads] [channels] [historySize] [subscribedNodes]</pre>
 */
public final class RedisThroughput {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int historySize = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int subscriberNodes = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        BenchEnv env = BenchEnv.detect(false);
        int port = Ports.free();
        Process redis = Launch.redis(env, port);
        try {
            Server.awaitListening(redis, port, null, "redis-server", env.logDir().resolve("redis-" + port + ".log"));
            run("redis://127.0.0.1:" + port, seconds, threads, channels, historySize, subscriberNodes);
        } finally {
            redis.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(String url, int seconds, int threads, int channels, int historySize,
                            int subscriberNodes) throws Exception {
        RedisEngine publisher = RedisEngine.start(RedisSettings.local(url, "bench:"));
        publisher.broker().start(new Counting(new LongAdder()));
        LongAdder delivered = new LongAdder();
        List<RedisEngine> subscribers = new ArrayList<>();
        for (int n = 0; n < subscriberNodes; n++) {
            RedisEngine subscriber = RedisEngine.start(RedisSettings.local(url, "bench:"));
            subscriber.broker().start(new Counting(delivered));
            for (int c = 0; c < channels; c++) {
                subscriber.broker().subscribe("ch" + c);
            }
            subscribers.add(subscriber);
        }
        PublishOptions options = historySize > 0 ? new PublishOptions(historySize, Duration.ofMinutes(5), null)
                : new PublishOptions(0, Duration.ZERO, null);
        Payload payload = Payload.json("{\"text\":\"" + "x".repeat(80) + "\"}");
        ClientInfo info = new ClientInfo("client-1", "user-1", "");
        AtomicLong published = new AtomicLong();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (System.nanoTime() < end) {
                    String ch = "ch" + ThreadLocalRandom.current().nextInt(channels);
                    publisher.broker().publish(ch, payload, info, options);
                    if (System.nanoTime() > warmupEnd) {
                        published.incrementAndGet();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        while (System.nanoTime() < warmupEnd) {
            Thread.sleep(10);
        }
        double cpuBefore = redisCpu(url);
        long deliveredBefore = delivered.sum();
        for (Thread w : workers) {
            w.join();
        }
        double cpu = redisCpu(url) - cpuBefore;
        long deliveries = delivered.sum() - deliveredBefore;
        System.out.printf("REDIS-THROUGHPUT threads=%d channels=%d history=%d subscribedNodes=%d seconds=%d"
                        + " publications/s=%.0f node-deliveries/s=%.0f redisCpuSeconds=%.2f redisCpuPer10kPublications=%.3f s%n",
                threads, channels, historySize, subscriberNodes, seconds, published.get() / (double) seconds,
                deliveries / (double) seconds, cpu, cpu / (published.get() / 10_000.0));
        publisher.close();
        subscribers.forEach(RedisEngine::close);
    }

    /** used_cpu_sys + used_cpu_user of the Redis process, in seconds (INFO cpu). */
    private static double redisCpu(String url) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            double total = 0;
            for (String line : connection.sync().info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return total;
        } finally {
            client.shutdown();
        }
    }

    private record Counting(LongAdder count) implements BrokerListener {
        @Override
        public void onPublication(Publication publication) {
            count.increment();
        }

        @Override
        public void onJoin(String channel, ClientInfo info) {
        }

        @Override
        public void onLeave(String channel, ClientInfo info) {
        }
    }
}
