package io.herald.hub.redis;

import io.herald.hub.ErrorCode;
import io.herald.hub.HubException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Running scripts and waiting for replies, with every failure turned into {@code unavailable}. */
final class RedisCalls {

    private RedisCalls() {
    }

    /**
     * Sends a script without waiting: EVALSHA, falling back to EVAL when Redis lost its script cache
     * (after a restart or failover).
     */
    static <T> CompletableFuture<T> evalAsync(RedisAsyncCommands<String, byte[]> c, RedisScript script,
                                              String[] keys, byte[]... args) {
        return c.<T>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .exceptionallyCompose(e -> {
                    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                    if (cause instanceof RedisNoScriptException) {
                        return c.<T>eval(script.source(), ScriptOutputType.MULTI, keys, args).toCompletableFuture();
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /**
     * Waits for a reply within the command timeout (Lettuce also expires the command itself, so the
     * margin only covers scheduling); a timeout, a connection loss or a Redis error is {@code unavailable}.
     */
    static <T> T await(Future<T> future, Duration timeout, String shard, String what) {
        try {
            return future.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new HubException(ErrorCode.UNAVAILABLE, "Redis " + shard + " did not answer " + what + " in " + timeout);
        } catch (ExecutionException e) {
            throw new HubException(ErrorCode.UNAVAILABLE, "Redis " + shard + " failed " + what + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(ErrorCode.UNAVAILABLE, "interrupted while waiting for Redis " + shard);
        }
    }
}
