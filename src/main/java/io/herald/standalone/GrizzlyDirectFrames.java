package io.herald.standalone;

import io.herald.hub.Transport;
import io.herald.websocket.DirectFrames;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.ssl.SSLBaseFilter;

import java.lang.reflect.Field;
import java.net.SocketAddress;
import java.util.concurrent.CancellationException;

/**
 * {@link DirectFrames} for Tyrus on Grizzly: a finished frame goes to the connection's asynchronous write
 * queue (the transport's own queue, the last stop of every write through the filter chain), skipping Tyrus's
 * protocol handler and task queue and the filters in between. Only for plain TCP connections: a chain with
 * TLS returns no sink (its bytes must be encrypted by the filter). Tyrus's {@code GrizzlyWriter} keeps its
 * connection in a package-private field, read once per session; if that changes the sessions keep Tyrus's
 * raw-frame path.
 */
public final class GrizzlyDirectFrames implements DirectFrames {
    private static final System.Logger LOG = System.getLogger(GrizzlyDirectFrames.class.getName());
    private static final String WRITER = "org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter";
    private static final boolean ENABLED = !"false".equals(System.getProperty("herald.directFrames"));
    private volatile Field connectionField;

    private GrizzlyDirectFrames() {
    }

    /** @return the frames, or null when disabled with {@code -Dherald.directFrames=false} */
    public static GrizzlyDirectFrames create() {
        return ENABLED ? new GrizzlyDirectFrames() : null;
    }

    @Override
    public Sink sinkFor(Object tyrusWriter) {
        if (!WRITER.equals(tyrusWriter.getClass().getName())) {
            return null;
        }
        try {
            Field field = connectionField;
            if (field == null) {
                field = tyrusWriter.getClass().getDeclaredField("connection");
                field.setAccessible(true);
                connectionField = field;
            }
            Object value = field.get(tyrusWriter);
            if (value instanceof Connection<?> connection && connection.getTransport() instanceof TCPNIOTransport tcp
                    && plain(connection.getProcessor())) {
                @SuppressWarnings("unchecked")
                Connection<SocketAddress> c = (Connection<SocketAddress>) connection;
                return new QueueSink(c, tcp.getAsyncQueueIO().getWriter(), tcp.getMemoryManager());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "no direct frames, Tyrus's path stays: {0}", e.toString());
        }
        return null;
    }

    /** A chain without TLS: what reaches the transport is what goes on the wire. */
    private static boolean plain(Processor<?> processor) {
        return processor instanceof FilterChain chain && chain.indexOfType(SSLBaseFilter.class) < 0;
    }

    /** One connection's sink. */
    private record QueueSink(Connection<SocketAddress> connection, AsyncQueueWriter<SocketAddress> writer,
                             MemoryManager<?> memory) implements Sink {
        @Override
        public void write(byte[] frame, Transport.SendCallback done) {
            if (!connection.isOpen()) {
                done.completed(new java.io.IOException("connection closed"));
                return;
            }
            try {
                writer.write(connection, null, Buffers.wrap(memory, frame), new Done(done), (org.glassfish.grizzly.asyncqueue.MessageCloner<WritableMessage>) null);
            } catch (RuntimeException e) {
                done.completed(e);
            }
        }

        @Override
        public void execute(Runnable task) {
            java.util.concurrent.ExecutorService workers = connection.getTransport().getWorkerThreadPool();
            try {
                if (workers != null && !workers.isShutdown()) {
                    workers.execute(task);
                    return;
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down: write from here
            }
            task.run();
        }

        @Override
        public boolean isOpen() {
            return connection.isOpen();
        }

        @Override
        public long pendingBytes() {
            return connection instanceof NIOConnection nio ? nio.getAsyncWriteQueue().spaceInBytes() : -1;
        }

        @Override
        public void abort() {
            if (connection.isOpen()) {
                LOG.log(System.Logger.Level.DEBUG, "dropping {0} after its close frame: all of it is in the kernel, or the peer stopped reading",
                        connection.getPeerAddress());
                connection.terminateSilently();
            }
        }
    }

    /** Reports the write's outcome once. */
    private record Done(Transport.SendCallback done) implements CompletionHandler<WriteResult<WritableMessage, SocketAddress>> {
        @Override
        public void cancelled() {
            done.completed(new CancellationException("write cancelled"));
        }

        @Override
        public void failed(Throwable throwable) {
            done.completed(throwable);
        }

        @Override
        public void completed(WriteResult<WritableMessage, SocketAddress> result) {
            done.completed(null);
        }

        @Override
        public void updated(WriteResult<WritableMessage, SocketAddress> result) {
            // partial progress: nothing to report
        }
    }
}
