package io.herald.hooks.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    @Test
    void backoffDoublesWithJitterAndStopsAtTheMaximum() {
        Duration base = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(2);
        for (int i = 0; i < 1000; i++) {
            long first = WebhookSender.backoffNanos(1, base, max);
            assertTrue(first >= 50_000_000 && first <= 100_000_000, "first retry waits 50-100 ms: " + first);
            long third = WebhookSender.backoffNanos(3, base, max);
            assertTrue(third >= 200_000_000 && third <= 400_000_000, "third waits 200-400 ms: " + third);
            long late = WebhookSender.backoffNanos(40, base, max);
            assertTrue(late >= 1_000_000_000 && late <= 2_000_000_000L, "capped: " + late);
        }
    }

    @Test
    void onlyServerErrorsTimeoutsAndThrottlingAreRetried() {
        assertEquals(WebhookSender.Outcome.DELIVERED, WebhookSender.classify(200));
        assertEquals(WebhookSender.Outcome.DELIVERED, WebhookSender.classify(204));
        assertEquals(WebhookSender.Outcome.RETRY, WebhookSender.classify(500));
        assertEquals(WebhookSender.Outcome.RETRY, WebhookSender.classify(503));
        assertEquals(WebhookSender.Outcome.RETRY, WebhookSender.classify(408));
        assertEquals(WebhookSender.Outcome.RETRY, WebhookSender.classify(429));
        assertEquals(WebhookSender.Outcome.REJECTED, WebhookSender.classify(400));
        assertEquals(WebhookSender.Outcome.REJECTED, WebhookSender.classify(401));
        assertEquals(WebhookSender.Outcome.REJECTED, WebhookSender.classify(301), "redirects are not followed");
    }
}
