package io.herald.standalone;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeBuilder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Grizzly filter between the HTTP codec and Tyrus's WebSocket filter that closes two holes of the
 * standalone stack:
 * <ul>
 *   <li><b>Slow or idle HTTP connections.</b> Keep-alive timeouts are off (they would cut upgraded
 *       WebSockets), so without this a client could hold a socket forever by dribbling its request
 *       headers (slowloris) or by never sending one. Every connection that is not a WebSocket must
 *       finish a request within {@code security.handshakeTimeoutSeconds} of opening or of its previous
 *       response, else it is closed.</li>
 *   <li><b>Frame headers Tyrus accepts.</b> On upgraded connections every frame header is checked by a
 *       {@link FrameHeaderCheck}; a violation is answered with a close frame (1002/1009) and the socket
 *       is closed before Tyrus sees the frame. Ping frames are counted there too (Tyrus answers them
 *       itself, out of the hub's command limit): a flood is closed with 4008.</li>
 * </ul>
 * A connection counts as upgraded once a 101 response was written on it.
 */
final class ConnectionGuardFilter extends BaseFilter {
    private static final System.Logger LOG = System.getLogger(ConnectionGuardFilter.class.getName());

    /** Per-connection state. */
    private static final class State {
        volatile long deadlineNanos;
        volatile FrameHeaderCheck frames; // set on upgrade
        volatile ScheduledFuture<?> timeout; // cancelled on upgrade: an idle WebSocket holds no timer task
        volatile boolean streaming; // a long-lived HTTP stream response is being written (HTTP transports)
    }

    private final Attribute<State> state = AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER
            .createAttribute(ConnectionGuardFilter.class.getName() + ".state");
    private final long timeoutNanos;
    private final long maxFrameBytes;
    private final PingLimit pingLimit;
    private final ScheduledExecutorService timer;
    // reads of upgraded connections skip the codec and resume here
    private final UpgradedBypass upgraded = new UpgradedBypass(this);

    /** Ping frames allowed per connection: {@code perSecond} on average (0 = unlimited), {@code burst} at once. */
    record PingLimit(int perSecond, int burst) {
        static final PingLimit NONE = new PingLimit(0, 1);
    }

    ConnectionGuardFilter(Duration handshakeTimeout, long maxFrameBytes, PingLimit pingLimit,
                          ScheduledExecutorService timer) {
        this.timeoutNanos = handshakeTimeout.toNanos();
        this.maxFrameBytes = maxFrameBytes;
        this.pingLimit = pingLimit;
        this.timer = timer;
    }

    /** The filter that goes right before Grizzly's HTTP codec: it takes upgraded connections past it, to this one. */
    UpgradedBypass upgradedBypass() {
        return upgraded;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        State s = new State();
        s.deadlineNanos = System.nanoTime() + timeoutNanos;
        state.set(connection, s);
        schedule(connection, s, timeoutNanos);
        return ctx.getInvokeAction();
    }

    private void schedule(Connection<?> connection, State s, long delayNanos) {
        s.timeout = timer.schedule(() -> expire(connection, s), Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** One timer task per connection while it speaks HTTP; none once it is a WebSocket. */
    private void expire(Connection<?> connection, State s) {
        if (s.frames != null || s.streaming || !connection.isOpen()) {
            return;
        }
        long left = s.deadlineNanos - System.nanoTime();
        if (left > 0) {
            schedule(connection, s, left);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "closing HTTP connection from {0}: request not completed in time",
                connection.getPeerAddress());
        connection.closeSilently();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        State s = state.get(ctx.getConnection());
        Object message = ctx.getMessage();
        if (s == null || !(message instanceof HttpContent content)) {
            return ctx.getInvokeAction();
        }
        FrameHeaderCheck frames = s.frames;
        if (frames == null) {
            return ctx.getInvokeAction(); // HTTP: the codec parsed it; the deadline moves on the response
        }
        Buffer buffer = content.getContent();
        FrameHeaderCheck.Violation violation = frames.feed(buffer::get, buffer.position(), buffer.limit());
        if (violation == null) {
            return ctx.getInvokeAction();
        }
        refuse(ctx, violation);
        return ctx.getStopAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        State s = state.get(ctx.getConnection());
        if (s != null && s.frames == null && ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response) {
            if (response.getStatus() == 101) {
                s.frames = new FrameHeaderCheck(maxFrameBytes, pingLimit.perSecond(), pingLimit.burst(), System::nanoTime); // before the cancel: expire() no longer reschedules
                ScheduledFuture<?> timeout = s.timeout;
                if (timeout != null) {
                    timeout.cancel(false);
                    s.timeout = null;
                }
                upgraded.adopt(ctx.getConnection());
            } else if (s.streaming) {
                if (content.isLast()) { // the stream ended; the connection may carry requests again
                    s.streaming = false;
                    s.deadlineNanos = System.nanoTime() + timeoutNanos;
                    schedule(ctx.getConnection(), s, timeoutNanos);
                }
            } else {
                // a response ends the request: the connection may now idle until the next deadline
                s.deadlineNanos = System.nanoTime() + timeoutNanos;
            }
        }
        return ctx.getInvokeAction();
    }

    /**
     * The connection now carries a long-lived HTTP stream response (HTTP-streaming, SSE): no request
     * deadline while it lasts; the hub's heartbeat and idle timeout bound it instead.
     */
    void streaming(Connection<?> connection) {
        State s = state.get(connection);
        if (s != null) {
            s.streaming = true;
            ScheduledFuture<?> timeout = s.timeout;
            if (timeout != null) {
                timeout.cancel(false);
                s.timeout = null;
            }
        }
    }

    /** Sends the close frame (server frames are unmasked) and closes the socket once it is written. */
    private void refuse(FilterChainContext ctx, FrameHeaderCheck.Violation violation) {
        Connection<?> connection = ctx.getConnection();
        byte[] reason = violation.reason.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + reason.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (2 + reason.length);
        frame[2] = (byte) (violation.code >> 8);
        frame[3] = (byte) violation.code;
        System.arraycopy(reason, 0, frame, 4, reason.length);
        LOG.log(System.Logger.Level.INFO, "closing WebSocket from {0}: {1}", connection.getPeerAddress(), violation.reason);
        CompletionHandler<WriteResult> close = new EmptyCompletionHandler<>() {
            @Override
            public void completed(WriteResult result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                connection.closeSilently();
            }
        };
        ctx.write(Buffers.wrap(connection.getMemoryManager(), frame), close);
    }
}
