package io.herald.standalone;

import org.glassfish.grizzly.nio.ChannelConfigurator;
import org.glassfish.grizzly.nio.NIOTransport;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

/**
 * Sets the kernel send buffer of every accepted connection ({@code server.sendBufferBytes}), after Grizzly's
 * own configuration of the channel. Left alone, Linux grows a connection's send buffer up to
 * {@code net.ipv4.tcp_wmem}'s maximum (4 MiB here) once data waits in it, and a client that stopped reading
 * leaves its backlog there: out of sight of the outbound queue, which then reaches its bound (and the 4001
 * close) only after megabytes more, each of them kernel memory. Grizzly's own {@code setWriteBufferSize} sets
 * the buffer only when the value is above the socket's current one, so it cannot set a cap below that; this
 * configurator sets whatever is configured.
 */
final class SendBufferCap implements ChannelConfigurator {
    private final ChannelConfigurator grizzly;
    private final int bytes;

    private SendBufferCap(ChannelConfigurator grizzly, int bytes) {
        this.grizzly = grizzly;
        this.bytes = bytes;
    }

    /** Installs the cap on the transport; 0 bytes leaves the kernel's autotuning in place. */
    static void install(NIOTransport transport, int bytes) {
        if (bytes > 0) {
            transport.setChannelConfigurator(new SendBufferCap(transport.getChannelConfigurator(), bytes));
        }
    }

    @Override
    public void preConfigure(NIOTransport transport, SelectableChannel channel) throws IOException {
        grizzly.preConfigure(transport, channel);
    }

    @Override
    public void postConfigure(NIOTransport transport, SelectableChannel channel) throws IOException {
        grizzly.postConfigure(transport, channel);
        if (channel instanceof SocketChannel socket) {
            // the kernel doubles the value for its own bookkeeping; what getOption reports is the doubled size
            socket.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
        }
    }
}
