package io.herald.transport.http;

import io.herald.hub.Transport;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteHandler;
import org.glassfish.grizzly.http.io.NIOOutputStream;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link StreamSink} over a suspended Grizzly response (standalone mode). The output buffer runs in
 * async mode, so a write never blocks: bytes go to the connection's write queue, and when that queue is
 * over its limit the write completes only once Grizzly reports the connection writable again.
 */
final class GrizzlyStreamSink implements StreamSink {
    private static final System.Logger LOG = System.getLogger(GrizzlyStreamSink.class.getName());

    private final Response response;
    private final NIOOutputStream out;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Connection<?> connection;
    private final org.glassfish.grizzly.CloseListener closeListener;
    private volatile Runnable onEnded = () -> { };
    private volatile boolean waiting;

    GrizzlyStreamSink(Request request, Response response) {
        this.response = response;
        response.getOutputBuffer().setAsyncEnabled(true);
        this.out = response.getNIOOutputStream();
        this.connection = request.getContext().getConnection();
        this.closeListener = (closeable, type) -> end();
        connection.addCloseListener(closeListener);
        response.suspend(-1, TimeUnit.MILLISECONDS); // no timeout: the hub's heartbeat handles idleness
    }

    @Override
    public void write(byte[] bytes, Transport.SendCallback done) {
        if (ended.get()) {
            done.completed(new IOException("stream ended"));
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            done.completed(e);
            end();
            return;
        }
        if (out.canWrite()) {
            done.completed(null);
            return;
        }
        waiting = true;
        out.notifyCanWrite(new WriteHandler() {
            @Override
            public void onWritePossible() {
                waiting = false;
                done.completed(null);
            }

            @Override
            public void onError(Throwable error) {
                waiting = false;
                done.completed(error);
                end();
            }
        });
    }

    @Override
    public boolean stalled() {
        return waiting;
    }

    @Override
    public void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        connection.removeCloseListener(closeListener);
        if (waiting) {
            connection.closeSilently(); // a stalled client would never take the last chunk
        }
        try {
            if (response.isSuspended()) {
                response.resume();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "resume failed: {0}", e.toString());
        }
        onEnded.run();
    }

    @Override
    public void onEnded(Runnable listener) {
        onEnded = listener;
    }
}
