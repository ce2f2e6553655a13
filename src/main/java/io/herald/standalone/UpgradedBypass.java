package io.herald.standalone;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeBuilder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Frees Grizzly's HTTP request of a connection once it became a WebSocket.
 * <p>
 * Grizzly hands the bytes of an upgraded connection on as content of the upgrade request, so its HTTP
 * codec keeps that request (with its response, header tables and parsing state: about 8 KiB) for the
 * life of the connection although nothing reads it again. On upgrade, {@link #adopt} gives the
 * connection its own filter chain: the listener's chain with the HTTP codec and everything between it
 * and the {@link ConnectionGuardFilter} replaced by a filter that wraps each read buffer as content of
 * one shared, immutable header (Tyrus's filter only takes the content of upgraded connections), and
 * drops the codec's reference to the request. Writes of an upgraded connection are raw buffers, which
 * the codec passed through unchanged, so leaving it out of the chain does not change what is written.
 */
final class UpgradedChain {
    private static final Attribute<Object> HTTP_REQUEST = AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER
            .createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);

    /** Never changed after construction; only its identity travels with the content. */
    private static final HttpRequestPacket UPGRADED = HttpRequestPacket.builder().method(Method.GET).uri("/")
            .protocol(Protocol.HTTP_1_1).upgrade("websocket").build();

    private volatile FilterChain chain;
    private final LongAdder adopted = new LongAdder();

    /**
     * Builds the post-upgrade chain from the listener's (started) chain. Until this ran, or if the chain
     * does not have the expected shape, connections keep the listener's chain.
     *
     * @return whether upgraded connections will get the lean chain
     */
    boolean install(FilterChain listenerChain, Filter guard) {
        int codec = listenerChain.indexOfType(HttpServerFilter.class);
        int guardIndex = listenerChain.indexOf(guard);
        if (codec < 0 || guardIndex <= codec) {
            return false;
        }
        FilterChainBuilder builder = FilterChainBuilder.stateless();
        for (int i = 0; i < codec; i++) {
            builder.add(listenerChain.get(i));
        }
        builder.add(new UpgradedContent());
        for (int i = guardIndex; i < listenerChain.size(); i++) {
            builder.add(listenerChain.get(i));
        }
        chain = builder.build();
        return true;
    }

    /**
     * Moves a connection that has just written its 101 onto the lean chain. Called from within the
     * upgrade's own read, before Tyrus opens the session, so no WebSocket traffic took the old chain.
     */
    void adopt(Connection<?> connection) {
        FilterChain lean = chain;
        if (lean == null) {
            return;
        }
        connection.setProcessor(lean);
        HTTP_REQUEST.remove(connection);
        adopted.increment();
    }

    /** How many connections were moved onto the lean chain so far. */
    long adopted() {
        return adopted.sum();
    }

    /** Stands where the HTTP codec stood: bytes in, content of the upgraded request out. */
    static final class UpgradedContent extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Buffer bytes = ctx.getMessage();
            ctx.setMessage(HttpContent.create(UPGRADED, false, bytes));
            return ctx.getInvokeAction();
        }
    }
}
