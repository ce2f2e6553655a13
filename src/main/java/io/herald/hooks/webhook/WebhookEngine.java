package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one webhook engine of a node, for every format (Herald's own, Pusher's): routes each event to the
 * targets that want it and whose format knows it, each target delivering on its own thread. One pooled
 * {@link HttpClient} serves all targets.
 *
 * <p>Thread-safe; {@link #offer} never blocks, so it may be called from WebSocket threads.
 *
 * <p>Metrics (Prometheus names, tag {@code target}): {@code herald_webhook_events_sent_total},
 * {@code herald_webhook_requests_total}, {@code herald_webhook_retries_total},
 * {@code herald_webhook_events_dropped_total{reason=queue_full|retries_exhausted|rejected|shutdown}},
 * {@code herald_webhook_queued_events} and the timer {@code herald_webhook_latency_seconds}.
 */
public final class WebhookEngine implements MeterBinder, AutoCloseable {
    private static final Map<String, WebhookFormat> FORMATS = Map.of(
            HeraldWebhookFormat.NAME, new HeraldWebhookFormat(),
            PusherWebhookFormat.NAME, new PusherWebhookFormat());
    private static final WebhookFormat PUSHER_APPS = PusherWebhookFormat.forApps();

    private final List<WebhookSender> senders = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public WebhookEngine(List<WebhookTarget> targets, String node) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        for (WebhookTarget target : targets) {
            WebhookFormat format = target.pusherApp().isEmpty() ? format(target.format()) : PUSHER_APPS;
            senders.add(new WebhookSender(target, format, http, node));
        }
    }

    /** @throws IllegalArgumentException for an unknown format name */
    public static WebhookFormat format(String name) {
        WebhookFormat format = FORMATS.get(name);
        if (format == null) {
            throw new IllegalArgumentException("unknown webhook format '" + name + "' (herald or pusher)");
        }
        return format;
    }

    public boolean isEmpty() {
        return senders.isEmpty();
    }

    /** Queues the event for every target that wants it. */
    public void offer(HookEvent event) {
        for (WebhookSender sender : senders) {
            if (sender.target().wants(event) && sender.format().supports(event.type())) {
                sender.offer(event);
            }
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (WebhookSender s : senders) {
            String t = s.target().name();
            counter(registry, "herald.webhook.events.sent", "Events delivered (2xx)", t, null, s, x -> x.sent);
            counter(registry, "herald.webhook.requests", "Webhook requests made", t, null, s, x -> x.requests);
            counter(registry, "herald.webhook.retries", "Webhook requests repeated after a failure", t, null, s,
                    x -> x.retried);
            counter(registry, "herald.webhook.events.dropped", "Events given up", t, "queue_full", s,
                    x -> x.droppedQueueFull);
            counter(registry, "herald.webhook.events.dropped", "Events given up", t, "retries_exhausted", s,
                    x -> x.droppedRetriesExhausted);
            counter(registry, "herald.webhook.events.dropped", "Events given up", t, "rejected", s,
                    x -> x.droppedRejected);
            counter(registry, "herald.webhook.events.dropped", "Events given up", t, "shutdown", s,
                    x -> x.droppedShutdown);
            Gauge.builder("herald.webhook.queued.events", s, WebhookSender::queued)
                    .description("Events waiting to be sent").tag("target", t).register(registry);
            Timer timer = Timer.builder("herald.webhook.latency").description("One webhook request, sent to answered")
                    .tag("target", t).publishPercentileHistogram(false)
                    .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10))
                    .register(registry);
            s.onLatency(nanos -> timer.record(nanos, TimeUnit.NANOSECONDS));
        }
    }

    private static void counter(MeterRegistry registry, String name, String description, String target,
                                String reason, WebhookSender sender, Function<WebhookSender, AtomicLong> value) {
        FunctionCounter.Builder<WebhookSender> b = FunctionCounter.builder(name, sender, x -> value.apply(x).get())
                .description(description).tag("target", target);
        if (reason != null) {
            b.tag("reason", reason);
        }
        b.register(registry);
    }

    /** Counters of one target by name, for tests and the admin API: sent, requests, retried, dropped. */
    public Map<String, Long> stats(String target) {
        for (WebhookSender s : senders) {
            if (s.target().name().equals(target)) {
                return Map.of("sent", s.sent.get(), "requests", s.requests.get(), "retried", s.retried.get(),
                        "droppedQueueFull", s.droppedQueueFull.get(),
                        "droppedRetriesExhausted", s.droppedRetriesExhausted.get(),
                        "droppedRejected", s.droppedRejected.get(), "queued", (long) s.queued());
            }
        }
        throw new IllegalArgumentException("no webhook target " + target);
    }

    /** Gives queued events up to {@code flush} to go out, then stops every sender. Idempotent. */
    public void close(Duration flush) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + flush.toNanos();
        for (WebhookSender s : senders) {
            s.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
