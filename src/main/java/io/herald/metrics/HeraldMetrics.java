package io.herald.metrics;

import io.herald.hub.ErrorCode;
import io.herald.hub.Hub;
import io.herald.hub.HubObserver;
import io.herald.hub.HubStats;
import io.herald.hub.TransportStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The node's metrics in Prometheus text format, through Micrometer: one private registry per hub
 * (never Micrometer's global one, so two deployments in one JVM never mix and an undeployed one
 * leaves nothing behind). Counters are read from {@link HubStats} at scrape time; only the
 * publish-to-send latency is recorded as it happens.
 *
 * <p>Exposed (Prometheus names): {@code herald_build_info{version}}, {@code herald_connections}, {@code herald_subscriptions},
 * {@code herald_channels}, {@code herald_broker_ready}, {@code herald_messages_in_total},
 * {@code herald_publications_total}, {@code herald_deliveries_total}, {@code herald_inbound_bytes_total},
 * {@code herald_outbound_bytes_total}, {@code herald_slow_consumer_closes_total} (outbound queue
 * overflows; each closes its client with 4001), {@code herald_errors_total{code}}, the histogram
 * {@code herald_publish_to_send_seconds}, and by transport ({@code transport} = websocket, http_stream,
 * sse): {@code herald_transport_connections}, {@code herald_transport_messages_in_total},
 * {@code herald_transport_messages_out_total}, {@code herald_transport_inbound_bytes_total},
 * {@code herald_transport_outbound_bytes_total}.
 */
public final class HeraldMetrics implements AutoCloseable {
    /** Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Hub hub;
    private final PrometheusMeterRegistry registry;

    private HeraldMetrics(Hub hub, PrometheusMeterRegistry registry) {
        this.hub = hub;
        this.registry = registry;
    }

    /**
     * @param enabled false gives a disabled instance: nothing recorded, {@link #scrape()} unavailable
     * @param version Herald's version, the label of {@code herald_build_info}
     */
    public static HeraldMetrics create(Hub hub, boolean enabled, String version) {
        if (!enabled) {
            return new HeraldMetrics(hub, null);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HubStats stats = hub.stats();
        Gauge.builder("herald.connections", stats, HubStats::connections)
                .description("Open connections (all transports)").register(registry);
        Gauge.builder("herald.subscriptions", stats, HubStats::subscriptions)
                .description("Channel subscriptions of all connections").register(registry);
        Gauge.builder("herald.channels", hub, Hub::channelCount)
                .description("Channels with at least one local subscriber").register(registry);
        Gauge.builder("herald.build.info", () -> 1)
                .description("Always 1; the version label is Herald's version (as --version and /api/info)")
                .tag("version", version).register(registry);
        Gauge.builder("herald.broker.ready", hub, h -> h.isReady() ? 1 : 0)
                .description("1 when the broker is reachable").register(registry);
        counter(registry, "herald.messages.in", "Commands received from clients", stats, HubStats::messagesIn, null);
        counter(registry, "herald.publications", "Publications accepted", stats, HubStats::publications, null);
        counter(registry, "herald.deliveries", "Publications queued to subscribers", stats, HubStats::deliveries, null);
        counter(registry, "herald.inbound", "Inbound WebSocket message size", stats, HubStats::bytesIn, "bytes");
        counter(registry, "herald.outbound", "Outbound WebSocket frame size written", stats, HubStats::bytesOut, "bytes");
        counter(registry, "herald.slow.consumer.closes", "Outbound queue overflows, each closing its client with 4001",
                stats, HubStats::slowConsumerCloses, null);
        for (String kind : TransportStats.KINDS) {
            transport(registry, stats.transport(kind));
        }
        for (ErrorCode code : ErrorCode.values()) {
            FunctionCounter.builder("herald.errors", stats, s -> s.errors(code))
                    .description("Errors answered to WebSocket clients, by stable code")
                    .tag("code", code.wireName()).register(registry);
        }
        Timer latency = Timer.builder("herald.publish.to.send")
                .description("From a publication's publish to the completed write to one subscriber")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5))
                .register(registry);
        stats.onPublishToSend(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
        for (HubObserver listener : hub.observers()) {
            if (listener instanceof MeterBinder binder) {
                binder.bindTo(registry); // e.g. webhook metrics
            }
        }
        return new HeraldMetrics(hub, registry);
    }

    /** The meters of one transport, tagged {@code transport}. */
    private static void transport(PrometheusMeterRegistry registry, TransportStats t) {
        Gauge.builder("herald.transport.connections", t, TransportStats::connections)
                .description("Open connections by transport (websocket, http_stream, sse)")
                .tag("transport", t.kind()).register(registry);
        FunctionCounter.builder("herald.transport.messages.in", t, TransportStats::messagesIn)
                .description("Commands received from clients, by transport").tag("transport", t.kind()).register(registry);
        FunctionCounter.builder("herald.transport.messages.out", t, TransportStats::messagesOut)
                .description("Writes to clients completed (WebSocket frames, stream writes), by transport")
                .tag("transport", t.kind()).register(registry);
        FunctionCounter.builder("herald.transport.inbound", t, TransportStats::bytesIn).baseUnit("bytes")
                .description("Inbound message size, by transport").tag("transport", t.kind()).register(registry);
        FunctionCounter.builder("herald.transport.outbound", t, TransportStats::bytesOut).baseUnit("bytes")
                .description("Outbound size written, by transport").tag("transport", t.kind()).register(registry);
    }

    private static void counter(PrometheusMeterRegistry registry, String name, String description, HubStats stats,
                                java.util.function.ToDoubleFunction<HubStats> value, String unit) {
        FunctionCounter.Builder<HubStats> b = FunctionCounter.builder(name, stats, value).description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    /**
     * Adds a gauge read from {@code value} at each scrape (a component built after the hub, e.g. the HTTP
     * transports' open streams by transport). Does nothing when metrics are off.
     */
    public void gauge(String name, String description, String tagKey, String tagValue,
                      java.util.function.Supplier<Number> value) {
        if (registry != null) {
            Gauge.builder(name, value).description(description).tag(tagKey, tagValue).register(registry);
        }
    }

    public boolean enabled() {
        return registry != null;
    }

    /** The current values in Prometheus text format; only when {@link #enabled()}. */
    public String scrape() {
        if (registry == null) {
            throw new IllegalStateException("metrics are disabled");
        }
        return registry.scrape();
    }

    /** Stops recording and drops the registry. Idempotent. */
    @Override
    public void close() {
        if (registry != null) {
            hub.stats().onPublishToSend(null);
            registry.close();
        }
    }
}
