package io.herald.standalone;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeBuilder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
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
 * Takes the reads of a connection that became a WebSocket past Grizzly's HTTP codec, and frees the request
 * the codec kept for it. Stands in the listener's chain right before the codec ({@link ConnectionGuardAddOn}).
 * <p>
 * Grizzly hands the bytes of an upgraded connection on as content of the upgrade request, so its HTTP
 * codec keeps that request (with its response, header tables and parsing state: about 8 KiB) for the
 * life of the connection although nothing reads it again. Once {@link #adopt} marked a connection (on its
 * 101), this filter wraps each read buffer as content of one shared, immutable header (Tyrus's filter only
 * takes the content of upgraded connections) and continues the read at the {@link ConnectionGuardFilter},
 * past the codec and everything between them; {@link #adopt} drops the codec's reference to the request.
 * Writes of an upgraded connection are raw buffers, which the codec passes through unchanged.
 * <p>
 * Why a jump in the one chain and not a second, leaner chain for upgraded connections (the earlier design):
 * Grizzly keeps each chain's per-connection state for the life of the connection, so a second chain left
 * the first one's state behind and added a map for its own, about 600 bytes of every idle connection.
 */
final class UpgradedBypass extends BaseFilter {
    private static final Attribute<Object> HTTP_REQUEST = AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER
            .createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
    private static final Attribute<Boolean> UPGRADED_CONNECTION = AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER
            .createAttribute(UpgradedBypass.class.getName() + ".upgraded");

    /** Never changed after construction; only its identity travels with the content. */
    private static final HttpRequestPacket UPGRADED = HttpRequestPacket.builder().method(Method.GET).uri("/")
            .protocol(Protocol.HTTP_1_1).upgrade("websocket").build();

    private final Filter resumeAt;
    private final LongAdder adopted = new LongAdder();

    /** @param resumeAt the filter an upgraded connection's reads continue at (after the codec in the chain) */
    UpgradedBypass(Filter resumeAt) {
        this.resumeAt = resumeAt;
    }

    /**
     * Marks a connection that has just written its 101: its later reads skip the codec. Called from within
     * the upgrade's own read, before Tyrus opens the session, so no WebSocket frame reached the codec.
     */
    void adopt(Connection<?> connection) {
        UPGRADED_CONNECTION.set(connection, Boolean.TRUE);
        HTTP_REQUEST.remove(connection);
        adopted.increment();
    }

    /** How many connections were marked so far. */
    long adopted() {
        return adopted.sum();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!UPGRADED_CONNECTION.isSet(ctx.getConnection())) {
            return ctx.getInvokeAction(); // HTTP: on to the codec
        }
        int resume = ctx.getFilterChain().indexOf(resumeAt);
        if (resume <= ctx.getFilterIdx()) {
            return ctx.getInvokeAction(); // not the chain this was built for: the codec passes content on too
        }
        Buffer bytes = ctx.getMessage();
        ctx.setMessage(HttpContent.create(UPGRADED, false, bytes));
        ctx.setFilterIdx(resume - 1); // the chain continues with the filter after the current index
        return ctx.getInvokeAction();
    }
}
