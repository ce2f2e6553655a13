package io.herald.hooks;

import io.herald.hooks.occupancy.Occupancy;
import io.herald.hooks.webhook.WebhookEngine;
import io.herald.hub.ClientInfo;
import io.herald.hub.DaemonThreads;
import io.herald.hub.HubObserver;
import io.herald.hub.Payload;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Turns the hub's lifecycle into webhook events. Per-connection events (connect, disconnect, subscribe,
 * unsubscribe, publish) are queued on the calling thread, which never blocks. Cluster-wide transitions
 * (occupied/vacated, member added/removed) need a round trip to the shared {@link Occupancy}, so they run
 * in order on one state thread with a bounded queue; vacated and member_removed are confirmed after the
 * configured delay so a page reload does not report a leave and a join.
 *
 * <p>With a clustered occupancy, the state thread also sweeps for connections of dead nodes and reports
 * their unsubscribes, disconnect (code 1006) and resulting leaves, once, from whichever node claimed them.
 */
public final class LifecycleHooks implements HubObserver, MeterBinder {
    private static final System.Logger LOG = System.getLogger(LifecycleHooks.class.getName());
    /** The close code reported for connections lost with their node (1006: closed abnormally). */
    public static final int NODE_LOST_CODE = 1006;
    static final int STATE_QUEUE = 65_536;

    private final WebhookEngine engine;
    private final Occupancy occupancy;
    private final Predicate<String> membersTracked;
    private final Duration leaveDelay;
    private final Duration flush;
    private final DaemonThreads stateThreads = DaemonThreads.named("herald-hooks-state");
    private final DaemonThreads timerThreads = DaemonThreads.named("herald-hooks-timer");
    private final ThreadPoolExecutor state;
    private final ScheduledExecutorService timer;
    private final AtomicLong stateDropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param membersTracked whether a channel's namespace reports members (presence namespaces)
     * @param leaveDelay     wait before confirming vacated / member_removed; zero confirms at once
     * @param sweepEvery     how often to look for connections of dead nodes (clustered occupancy only)
     * @param flush          how long queued webhooks may still go out when the hub stops
     */
    public LifecycleHooks(WebhookEngine engine, Occupancy occupancy, Predicate<String> membersTracked,
                          Duration leaveDelay, Duration sweepEvery, Duration flush) {
        this.engine = engine;
        this.occupancy = occupancy;
        this.membersTracked = membersTracked;
        this.leaveDelay = leaveDelay;
        this.flush = flush;
        this.state = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(STATE_QUEUE),
                stateThreads);
        this.timer = Executors.newSingleThreadScheduledExecutor(timerThreads);
        if (occupancy.clustered()) {
            long every = Math.max(50, sweepEvery.toMillis());
            timer.scheduleWithFixedDelay(() -> onState(this::sweep), every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void connected(ClientInfo client) {
        engine.offer(HookEvent.ofClient(HookType.CONNECT, "", client));
        onState(() -> occupancy.connected(client));
    }

    @Override
    public void disconnected(ClientInfo client, int code, String reason) {
        engine.offer(HookEvent.disconnect(client, code, reason));
        onState(() -> occupancy.disconnected(client.client()));
    }

    @Override
    public void subscribed(String channel, ClientInfo client) {
        engine.offer(HookEvent.ofClient(HookType.SUBSCRIBE, channel, client));
        if (!membersTracked.test(channel)) {
            occupy(channel, client);
        } // a presence namespace: joined() follows with the member, whose user may not be the connection's
    }

    /**
     * The presence member of a subscription that just started (right after {@link #subscribed}): a Pusher
     * presence channel's member is the {@code user_id} of its {@code channel_data}, not the connection's user.
     */
    @Override
    public void joined(String channel, ClientInfo member) {
        if (membersTracked.test(channel)) {
            occupy(channel, member);
        }
    }

    private void occupy(String channel, ClientInfo client) {
        onState(() -> {
            Occupancy.Joined joined = occupancy.subscribed(channel, client);
            if (joined.channelOccupied()) {
                engine.offer(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, channel));
            }
            if (joined.memberAdded() && membersTracked.test(channel)) {
                engine.offer(HookEvent.ofMember(HookType.MEMBER_ADDED, channel, client.user()));
            }
        });
    }

    @Override
    public void unsubscribed(String channel, ClientInfo client) {
        engine.offer(HookEvent.ofClient(HookType.UNSUBSCRIBE, channel, client));
        onState(() -> left(channel, occupancy.unsubscribed(channel, client.client())));
    }

    @Override
    public void cacheMiss(String channel, ClientInfo client) {
        engine.offer(HookEvent.ofChannel(HookType.CACHE_MISS, channel));
    }

    @Override
    public void clientPublished(String channel, ClientInfo client, Payload data) {
        engine.offer(HookEvent.publish(channel, client, data));
    }

    /** On the state thread: confirms the leave's possible transitions, at once or after the delay. */
    private void left(String channel, Occupancy.Left left) {
        if (left.memberMaybeRemoved() && membersTracked.test(channel)) {
            later(() -> {
                if (occupancy.confirmMemberRemoved(channel, left.user())) {
                    engine.offer(HookEvent.ofMember(HookType.MEMBER_REMOVED, channel, left.user()));
                }
            });
        }
        if (left.channelMaybeVacated()) {
            later(() -> {
                if (occupancy.confirmVacated(channel)) {
                    engine.offer(HookEvent.ofChannel(HookType.CHANNEL_VACATED, channel));
                }
            });
        }
    }

    private void later(Runnable confirm) {
        if (leaveDelay.isZero() || closed.get()) {
            confirm.run();
            return;
        }
        try {
            timer.schedule(() -> onState(confirm), leaveDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            confirm.run(); // stopping: confirm now rather than never
        }
    }

    private void sweep() {
        for (Occupancy.Lost lost : occupancy.sweep()) {
            for (Occupancy.LostSubscription sub : lost.subscriptions()) {
                engine.offer(HookEvent.ofClient(HookType.UNSUBSCRIBE, sub.channel(), lost.client()));
                left(sub.channel(), sub.left());
            }
            engine.offer(HookEvent.disconnect(lost.client(), NODE_LOST_CODE, "node lost"));
        }
    }

    /** Runs a state task in order; a full queue (the shared state store is far behind) drops it, counted. */
    private void onState(Runnable task) {
        try {
            state.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "hook state update failed: {0}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            stateDropped.incrementAndGet();
        }
    }

    public WebhookEngine engine() {
        return engine;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        engine.bindTo(registry);
        FunctionCounter.builder("herald.hooks.state.dropped", stateDropped, AtomicLong::get)
                .description("Occupancy updates dropped because the shared state store fell behind")
                .register(registry);
    }

    /**
     * Confirms pending delayed leaves at once, finishes the state queue, gives webhooks the flush window,
     * then releases the occupancy store. Idempotent.
     */
    @Override
    public void hubClosed() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Runnable pending : timerThreads.stop(timer, Duration.ofSeconds(2))) {
            onState(pending); // delayed confirms: run now, since nobody will later
        }
        state.shutdown();
        stateThreads.awaitEnd(state, flush.plusSeconds(1));
        engine.close(flush);
        occupancy.close();
    }
}
