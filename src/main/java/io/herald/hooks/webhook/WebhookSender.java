package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Delivers one target's events: a bounded queue filled by any thread without blocking, and one sender
 * thread that forms batches and POSTs them one at a time.
 *
 * <p>Why one request at a time: a batch is retried until it succeeds or runs out of attempts before the
 * next one is sent, so the backend sees every channel's events in order (at least once: a request that
 * timed out may have been processed and is sent again with the same event ids). The price is head-of-line
 * blocking while the backend fails; the queue bound turns a long outage into counted drops of the oldest
 * events instead of unbounded memory.
 */
final class WebhookSender {
    private static final System.Logger LOG = System.getLogger(WebhookSender.class.getName());

    enum State { RUNNING, DRAINING, STOPPED }

    /** What one request achieved. */
    enum Outcome { DELIVERED, RETRY, REJECTED }

    private final WebhookTarget target;
    private final WebhookFormat format;
    private final HttpClient http;
    private final String node;
    private final ArrayDeque<HookEvent> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread worker;
    private State state = State.RUNNING;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong droppedQueueFull = new AtomicLong();
    final AtomicLong droppedRetriesExhausted = new AtomicLong();
    final AtomicLong droppedRejected = new AtomicLong();
    final AtomicLong droppedShutdown = new AtomicLong();
    private volatile LongConsumer latency = nanos -> { };

    WebhookSender(WebhookTarget target, WebhookFormat format, HttpClient http, String node) {
        this.target = target;
        this.format = format;
        this.http = http;
        this.node = node;
        this.worker = new Thread(this::run, "herald-webhook-" + target.name());
        worker.setDaemon(true);
        worker.start();
    }

    WebhookTarget target() {
        return target;
    }

    WebhookFormat format() {
        return format;
    }

    void onLatency(LongConsumer sink) {
        latency = sink;
    }

    /** Queues an event; never blocks. When the queue is full the oldest event is dropped and counted. */
    void offer(HookEvent event) {
        lock.lock();
        try {
            if (state != State.RUNNING) {
                droppedShutdown.incrementAndGet();
                return;
            }
            if (queue.size() >= target.queueCapacity()) {
                queue.pollFirst();
                droppedQueueFull.incrementAndGet();
            }
            queue.addLast(event);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        List<HookEvent> batch;
        while ((batch = nextBatch()) != null) {
            deliver(batch);
        }
    }

    /** Waits for an event, then up to the batch window for more; null once stopping with nothing left. */
    private List<HookEvent> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (state != State.RUNNING) {
                    return null;
                }
                changed.awaitUninterruptibly();
            }
            long deadline = System.nanoTime() + target.batchWindow().toNanos();
            while (state == State.RUNNING && queue.size() < target.batchMaxEvents()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || changed.awaitNanos(left) <= 0) {
                    break;
                }
            }
            List<HookEvent> batch = new ArrayList<>(Math.min(queue.size(), target.batchMaxEvents()));
            while (!queue.isEmpty() && batch.size() < target.batchMaxEvents()) {
                batch.add(queue.pollFirst());
            }
            return batch;
        } catch (InterruptedException e) {
            return drainOnInterrupt();
        } finally {
            lock.unlock();
        }
    }

    private List<HookEvent> drainOnInterrupt() {
        droppedShutdown.addAndGet(queue.size());
        queue.clear();
        state = State.STOPPED;
        return null;
    }

    private void deliver(List<HookEvent> batch) {
        byte[] body = format.body(batch, System.currentTimeMillis(), node);
        HttpRequest request = request(body);
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = post(request);
            if (outcome == Outcome.DELIVERED) {
                sent.addAndGet(batch.size());
                return;
            }
            if (outcome == Outcome.REJECTED) {
                droppedRejected.addAndGet(batch.size());
                return;
            }
            if (attempt >= target.maxAttempts()) {
                droppedRetriesExhausted.addAndGet(batch.size());
                LOG.log(System.Logger.Level.WARNING, "webhook {0}: dropped {1} events after {2} attempts",
                        target.name(), batch.size(), attempt);
                return;
            }
            if (!backoff(attempt)) {
                droppedShutdown.addAndGet(batch.size());
                return;
            }
            retried.incrementAndGet();
        }
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.url()).timeout(target.timeout())
                .header("Content-Type", "application/json").header("User-Agent", "Herald-Webhooks")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : format.headers(body, target).entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        return b.build();
    }

    /** One POST, bounded by the target's timeout; 2xx delivers, 5xx/408/429/timeouts/IO errors retry. */
    Outcome post(HttpRequest request) {
        requests.incrementAndGet();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> call = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = call.get(target.timeout().toMillis() + 500, TimeUnit.MILLISECONDS).statusCode();
            latency.accept(System.nanoTime() - start);
            return classify(status);
        } catch (TimeoutException | ExecutionException e) {
            call.cancel(true);
            LOG.log(System.Logger.Level.DEBUG, "webhook {0} failed: {1}", target.name(), e.toString());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }

    static Outcome classify(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status >= 500 || status == 408 || status == 429) {
            return Outcome.RETRY;
        }
        return Outcome.REJECTED; // the backend refused this body; sending it again would not change that
    }

    /** Waits before retry {@code attempt}; false when the sender is stopping and the batch is given up. */
    private boolean backoff(int attempt) {
        long nanos = backoffNanos(attempt, target.retryBase(), target.retryMax());
        lock.lock();
        try {
            long deadline = System.nanoTime() + nanos;
            while (state != State.STOPPED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                changed.awaitNanos(left);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** base * 2^(attempt-1), capped at max, then a random half to all of it ("equal jitter"). */
    static long backoffNanos(int attempt, Duration base, Duration max) {
        long full = base.toNanos() << Math.min(attempt - 1, 30);
        if (full <= 0 || full > max.toNanos()) {
            full = max.toNanos();
        }
        return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
    }

    /**
     * Stops taking events and gives the queued ones up to {@code flush} to go out; what is left is dropped
     * and counted. Idempotent.
     */
    void close(Duration flush) {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.DRAINING;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        join(flush.toMillis());
        lock.lock();
        try {
            state = State.STOPPED;
            droppedShutdown.addAndGet(queue.size());
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        worker.interrupt();
        join(2_000);
    }

    private void join(long millis) {
        try {
            worker.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
