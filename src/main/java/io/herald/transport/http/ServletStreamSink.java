package io.herald.transport.http;

import io.herald.hub.Transport;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link StreamSink} over servlet async, non-blocking I/O (Tomcat, GlassFish): writes only while
 * {@link ServletOutputStream#isReady()}, flushes each one, and finishes a write the socket could not
 * take at once from {@link WriteListener#onWritePossible()}. No container thread ever blocks on a
 * client that stopped reading.
 */
final class ServletStreamSink implements StreamSink, WriteListener, AsyncListener {
    private static final System.Logger LOG = System.getLogger(ServletStreamSink.class.getName());

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Runnable onEnded = () -> { };
    private byte[] pending;                       // guarded by this
    private boolean flushPending;                 // guarded by this
    private Transport.SendCallback callback;      // guarded by this
    private boolean ready;                        // guarded by this: the listener has been registered

    ServletStreamSink(AsyncContext async) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        async.addListener(this);
    }

    /** Registers the write listener; the container then calls {@link #onWritePossible()} once. */
    @Override
    public void start() {
        out.setWriteListener(this);
    }

    @Override
    public void write(byte[] bytes, Transport.SendCallback done) {
        synchronized (this) {
            if (!ended.get()) {
                pending = bytes;
                callback = done;
            }
        }
        if (ended.get()) {
            done.completed(new IOException("stream ended"));
            return;
        }
        pump();
    }

    @Override
    public synchronized boolean stalled() {
        return callback != null && ready && !out.isReady();
    }

    @Override
    public void onWritePossible() {
        synchronized (this) {
            ready = true;
        }
        pump();
    }

    /** Writes and flushes while the stream takes it; completes the write once all of it went out. */
    private void pump() {
        Transport.SendCallback done = null;
        Throwable failure = null;
        synchronized (this) {
            try {
                while (ready && callback != null && out.isReady()) {
                    if (pending != null) {
                        out.write(pending);
                        pending = null;
                        flushPending = true;
                    } else if (flushPending) {
                        out.flush();
                        flushPending = false;
                    } else {
                        done = callback;
                        callback = null;
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
                done = callback;
                callback = null;
            }
        }
        if (done != null) {
            done.completed(failure);
        }
        if (failure != null) {
            end();
        }
    }

    @Override
    public void onError(Throwable error) {
        LOG.log(System.Logger.Level.DEBUG, "stream write failed: {0}", error.toString());
        failPending(error);
        end();
    }

    private void failPending(Throwable error) {
        Transport.SendCallback done;
        synchronized (this) {
            done = callback;
            callback = null;
            pending = null;
        }
        if (done != null) {
            done.completed(error);
        }
    }

    @Override
    public void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        failPending(new IOException("stream ended"));
        try {
            async.complete();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "complete failed: {0}", e.toString());
        }
        onEnded.run();
    }

    @Override
    public void onEnded(Runnable listener) {
        onEnded = listener;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        end();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        end();
    }

    @Override
    public void onError(AsyncEvent event) {
        end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
