package io.herald.hooks.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Calls the backend for proxy decisions: one pooled {@link HttpClient}, every call bounded in time
 * ({@code timeout}) and size ({@code maxResponseBytes}), at most {@code maxInFlight} calls at once on
 * the node (more fail at once, so a hanging backend cannot pile up memory). Never blocks the caller:
 * replies complete on the client's threads.
 *
 * <p>Metrics: {@code herald_proxy_calls_seconds{kind, outcome}} (a timer: count and latency per call).
 */
final class ProxyClient {
    private static final System.Logger LOG = System.getLogger(ProxyClient.class.getName());
    // HTTP/1.1: no h2c upgrade dance on plain http, which some application servers mishandle
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    private final Duration timeout;
    private final int maxResponseBytes;
    private final Semaphore inFlight;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    ProxyClient(Duration timeout, int maxResponseBytes, int maxInFlight) {
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.inFlight = new Semaphore(maxInFlight);
    }

    void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * POSTs {@code body} to {@code url}.
     *
     * @param retrySafe whether a call that could not connect at all may be tried once more (only for
     *                  calls that change nothing in the backend: connect, subscribe, refresh)
     */
    CompletableFuture<ProxyReply> call(String kind, URI url, String body, boolean retrySafe) {
        if (!inFlight.tryAcquire()) {
            record(kind, ProxyReply.Outcome.UNAVAILABLE, 0);
            return CompletableFuture.completedFuture(ProxyReply.unavailable("too many backend calls in flight"));
        }
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "Herald-Proxy")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        CompletableFuture<ProxyReply> reply = send(request, retrySafe ? 2 : 1)
                .orTimeout(timeout.toMillis() + 250, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        LOG.log(System.Logger.Level.INFO, "{0} proxy call failed: {1}", kind, failure.toString());
                        return ProxyReply.unavailable("backend unreachable or too slow");
                    }
                    return parse(response.statusCode(), response.body());
                });
        return reply.whenComplete((r, e) -> {
            inFlight.release();
            record(kind, r == null ? ProxyReply.Outcome.UNAVAILABLE : r.outcome(), System.nanoTime() - start);
        });
    }

    private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request, int tries) {
        return http.sendAsync(request, info -> new Limited(maxResponseBytes)).handle((r, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(r);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (tries > 1 && cause instanceof ConnectException) {
                return send(request, tries - 1);
            }
            return CompletableFuture.<HttpResponse<byte[]>>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    /** The documented answer shapes; anything else is {@link ProxyReply.Outcome#UNAVAILABLE}. */
    static ProxyReply parse(int status, byte[] body) {
        if (status == 401 || status == 403) {
            return new ProxyReply(ProxyReply.Outcome.REFUSED, null, "refused by the application");
        }
        if (status < 200 || status >= 300) {
            return ProxyReply.unavailable("backend answered HTTP " + status);
        }
        JsonObject json;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            return ProxyReply.unavailable("backend answered something that is not a JSON object");
        }
        JsonValue result = json.get("result");
        if (result != null && result.getValueType() == JsonValue.ValueType.OBJECT) {
            return new ProxyReply(ProxyReply.Outcome.OK, result.asJsonObject(), "");
        }
        JsonValue error = json.get("error");
        if (error != null && error.getValueType() == JsonValue.ValueType.OBJECT) {
            String message = error.asJsonObject().get("message") instanceof JsonString s ? s.getString()
                    : "refused by the application";
            return new ProxyReply(ProxyReply.Outcome.REFUSED, null, message.length() > 256 ? message.substring(0, 256)
                    : message);
        }
        return ProxyReply.unavailable("backend answer has neither result nor error");
    }

    private void record(String kind, ProxyReply.Outcome outcome, long nanos) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        String key = kind + "/" + outcome;
        timers.computeIfAbsent(key, k -> Timer.builder("herald.proxy.calls").description("Proxy calls to the backend")
                .tag("kind", kind).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(r)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Collects a body up to a bound; past it the call fails, so a huge answer never fills the heap. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Limited(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > max) {
                    subscription.cancel();
                    done.completeExceptionally(new IOException("answer larger than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(out.toByteArray());
        }
    }

}
