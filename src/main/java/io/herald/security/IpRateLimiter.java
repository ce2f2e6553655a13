package io.herald.security;

import io.herald.hub.TokenBucket;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New WebSocket handshakes per second per client address (a token bucket per address).
 *
 * <p>Memory is bounded: buckets that have refilled completely are forgotten on a sweep, and at most
 * {@link #MAX_TRACKED} addresses are tracked. When that many addresses are all active at once (a
 * distributed flood), new addresses pass untracked rather than locking out everyone; the
 * per-node connection limit still applies. Thread-safe.
 */
public final class IpRateLimiter {
    static final int MAX_TRACKED = 100_000;
    private static final int SWEEP_EVERY = 1024;

    private final double perSecond;
    private final double burst;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** @param perSecond handshakes per second per address; 0 disables the limit */
    public IpRateLimiter(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    /** Whether a new handshake from {@code address} may proceed now. */
    public boolean tryAcquire(String address, long nowNanos) {
        if (!enabled()) {
            return true;
        }
        if (calls.incrementAndGet() % SWEEP_EVERY == 0 || buckets.size() >= MAX_TRACKED) {
            sweep(nowNanos);
        }
        TokenBucket bucket = buckets.get(address);
        if (bucket == null) {
            if (buckets.size() >= MAX_TRACKED) {
                return true;
            }
            bucket = buckets.computeIfAbsent(address, a -> new TokenBucket(perSecond, burst, nowNanos));
        }
        return bucket.tryTake(nowNanos);
    }

    int tracked() {
        return buckets.size();
    }

    private void sweep(long nowNanos) {
        for (Iterator<TokenBucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(nowNanos)) {
                it.remove();
            }
        }
    }
}
