package io.herald.transport.http;

import io.herald.hub.CloseCode;
import io.herald.hub.Frame;
import io.herald.hub.Transport;
import io.herald.protocol.JsonText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Adapts one long-lived HTTP response ({@link StreamSink}) to the hub's {@link Transport}: the hub's
 * frames become newline-delimited messages or SSE events, written and flushed one send at a time.
 *
 * <p>A WebSocket close frame carries its code; an HTTP response has nowhere to put one, so a close
 * from the server first writes a {@code disconnect} message with the code (when the stream is not
 * stalled), then ends the response. A stalled stream (a slow consumer) is ended at once: its client
 * would never read the message anyway, and reconnects and recovers from history.
 */
final class HttpStreamTransport implements Transport {
    /** How long a close waits for the write in flight before ending the response regardless. */
    static final long CLOSE_WAIT_MILLIS = 2_000;
    /** Queued like any frame so it never overtakes one; written as {@link StreamKind#keepAlive()}. */
    static final Frame.Text KEEP_ALIVE = new Frame.Text("");
    /** The close code reported to the hub when the client went away without a close (as WebSocket's 1006). */
    static final int ABNORMAL = 1006;

    enum State { OPEN, CLOSING, CLOSED }

    private final StreamKind kind;
    private final StreamSink sink;
    private final String session;
    private final String remoteAddress;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private State state = State.OPEN;   // guarded by lock
    private boolean sending;            // guarded by lock
    private Runnable afterSend;         // guarded by lock
    private final SsePositions positions;  // SSE only, else null; its state guarded by lock
    private boolean started;            // guarded by lock: the preamble went out
    private int closeCode = ABNORMAL;   // guarded by lock

    /**
     * @param session  the stream's secret session id
     * @param onEnded  told once, with the close code, when the response ended for any reason
     */
    HttpStreamTransport(StreamKind kind, StreamSink sink, String session, String remoteAddress,
                        ScheduledExecutorService timer, IntConsumer onEnded) {
        this.kind = kind;
        this.sink = sink;
        this.session = session;
        this.remoteAddress = remoteAddress;
        this.timer = timer;
        this.positions = kind == StreamKind.SSE ? new SsePositions() : null;
        sink.onEnded(() -> {
            int code;
            synchronized (lock) {
                state = State.CLOSED;
                code = closeCode;
            }
            onEnded.accept(code);
        });
    }

    String session() {
        return session;
    }

    /** What an SSE client holds, for its event ids and resume; null for HTTP-streaming. */
    SsePositions positions() {
        return positions;
    }

    @Override
    public void send(Frame frame, SendCallback callback) {
        byte[] bytes;
        synchronized (lock) {
            if (state != State.OPEN) {
                callback.completed(new IOException("stream closed"));
                return;
            }
            sending = true;
            bytes = encode(StreamMessages.of(frame));
        }
        sink.write(bytes, error -> {
            sendDone();
            callback.completed(error);
        });
    }

    /**
     * Encodes messages in the stream's layout; an SSE event that changes the client's positions carries
     * them as its id. Called under {@link #lock}.
     */
    private byte[] encode(List<String> messages) {
        StringBuilder out = new StringBuilder();
        if (!started) {
            started = true;
            out.append(kind.preamble());
        }
        for (String message : messages) {
            if (message.isEmpty()) {
                out.append(kind.keepAlive());
            } else if (positions == null) {
                kind.append(out, message, null);
            } else {
                String written = positions.rewrite(message);
                kind.append(out, written, positions.observe(written) ? positions.eventId() : null);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void sendDone() {
        Runnable next;
        synchronized (lock) {
            sending = false;
            next = afterSend;
            afterSend = null;
        }
        if (next != null) {
            next.run();
        }
    }

    @Override
    public void close(int code, String reason) {
        boolean waitForSend;
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            closeCode = code;
            waitForSend = sending;
            if (waitForSend) {
                afterSend = () -> finish(code, reason);
            }
        }
        if (!waitForSend) {
            finish(code, reason);
        } else if (sink.stalled()) {
            sink.end();
        } else {
            endLater();
        }
    }

    /** Writes the closing {@code disconnect} message, then ends the response. */
    private void finish(int code, String reason) {
        if (sink.stalled()) {
            sink.end();
            return;
        }
        byte[] bytes;
        synchronized (lock) {
            bytes = encode(List.of(disconnectMessage(code, reason)));
        }
        sink.write(bytes, error -> sink.end());
        endLater();
    }

    /** Ends the response after {@link #CLOSE_WAIT_MILLIS} whatever happens; at once when the timer is gone. */
    private void endLater() {
        try {
            timer.schedule(sink::end, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            sink.end();
        }
    }

    static String disconnectMessage(int code, String reason) {
        boolean reconnect = Arrays.stream(CloseCode.values()).filter(c -> c.code() == code)
                .findFirst().map(CloseCode::reconnect).orElse(code < 4500);
        StringBuilder out = new StringBuilder(64);
        out.append("{\"type\":\"disconnect\",\"code\":").append(code).append(",\"reason\":");
        JsonText.quote(out, reason == null ? "" : reason);
        return out.append(",\"reconnect\":").append(reconnect).append('}').toString();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String kind() {
        return kind.wireName();
    }
}
