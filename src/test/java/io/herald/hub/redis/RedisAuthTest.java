package io.herald.hub.redis;

import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import io.herald.hub.Payload;
import io.herald.hub.PublishOptions;
import io.herald.testing.Fixtures;
import io.herald.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Redis that requires a password: from the settings, from the URL, or wrong. */
@Tag("integration")
class RedisAuthTest {
    private static final PublishOptions HISTORY = new PublishOptions(10, Duration.ofMinutes(5), null);
    private static RedisServer redis;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> redis = RedisServer.withPassword("s3cret-pass"));

    private static RedisSettings settings(String url, String password) {
        RedisSettings local = RedisSettings.local(url, "auth:");
        return new RedisSettings(List.of(url), password, local.keyPrefix(), local.connectTimeout(),
                local.commandTimeout(), local.presenceTtl(), local.historyMetaTtl(), local.idempotencyWindow(),
                true, "");
    }

    @Test
    void thePasswordSettingIsUsedForUrlsWithoutOne() {
        try (RedisEngine engine = RedisEngine.start(settings(redis.url(), "s3cret-pass"))) {
            assertTrue(engine.broker().isReady());
            assertEquals(1, engine.broker().publish("a", Payload.json("1"), null, HISTORY).offset());
        }
    }

    @Test
    void aPasswordInTheUrlWins() {
        try (RedisEngine engine = RedisEngine.start(settings("redis://:s3cret-pass@127.0.0.1:" + redis.port(), "wrong"))) {
            assertTrue(engine.broker().isReady());
        }
    }

    @Test
    void aWrongPasswordLeavesTheNodeNotReadyAndRefusingAtOnce() {
        try (RedisEngine engine = RedisEngine.start(settings(redis.url(), "wrong-pass"))) {
            assertFalse(engine.broker().isReady());
            HubException e = assertThrows(HubException.class,
                    () -> engine.broker().publish("a", Payload.json("1"), null, HISTORY));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
        }
    }
}
