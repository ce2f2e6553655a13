package io.herald.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstPassesThenTheRateApplies() {
        IpRateLimiter limiter = new IpRateLimiter(2, 3);
        long t = 0;
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("10.0.0.1", t));
        }
        assertFalse(limiter.tryAcquire("10.0.0.1", t));
        assertTrue(limiter.tryAcquire("10.0.0.2", t), "another address has its own bucket");
        assertTrue(limiter.tryAcquire("10.0.0.1", t + SECOND / 2), "one token back after half a second at 2/s");
        assertFalse(limiter.tryAcquire("10.0.0.1", t + SECOND / 2));
    }

    @Test
    void zeroRateDisablesTheLimit() {
        IpRateLimiter limiter = new IpRateLimiter(0, 1);
        for (int i = 0; i < 1000; i++) {
            assertTrue(limiter.tryAcquire("10.0.0.1", 0));
        }
    }

    @Test
    void idleAddressesAreForgottenSoMemoryStaysBounded() {
        IpRateLimiter limiter = new IpRateLimiter(1000, 1);
        for (int i = 0; i < 5000; i++) {
            limiter.tryAcquire("10.0." + (i / 256) + "." + (i % 256), 0);
        }
        // a minute later every bucket is full again; the next sweep (every 1024 calls) drops them
        for (int i = 0; i < 1024; i++) {
            limiter.tryAcquire("192.168.0.1", 60 * SECOND + i * SECOND);
        }
        assertEquals(1, limiter.tracked());
    }
}
