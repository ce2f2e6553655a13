package io.herald.websocket;

import io.herald.hub.ClientSession;
import io.herald.hub.Hub;
import io.herald.hub.CloseCode;
import io.herald.hub.ErrorCode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket edge at {@code /ws}: decodes, hands commands to the hub, maps outcomes to replies and
 * close codes. One instance per connection.
 */
@ServerEndpoint(value = HeraldEndpoint.PATH, subprotocols = HeraldEndpoint.SUBPROTOCOL,
        configurator = HeraldEndpointConfigurator.class)
public class HeraldEndpoint {
    public static final String PATH = "/ws";
    public static final String SUBPROTOCOL = "herald.v1";
    private static final System.Logger LOG = System.getLogger(HeraldEndpoint.class.getName());

    // shared by all connections (both are thread-safe): a JSON parser factory per connection cost ~150 B
    // of every idle connection's heap and a provider lookup per handshake
    private static final CommandTextDecoder TEXT_DECODER = new CommandTextDecoder();
    private static final CommandBinaryDecoder BINARY_DECODER = new CommandBinaryDecoder();
    private Hub hub;
    private CommandDispatcher dispatcher;
    private int maxMessageBytes;
    private ClientSession client;

    @OnOpen
    public void onOpen(Session session) throws IOException {
        hub = HubDirectory.lookup(session.getContainer());
        if (hub == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "hub not ready"));
            return;
        }
        maxMessageBytes = hub.config().limits().maxMessageBytes();
        session.setMaxTextMessageBufferSize(maxMessageBytes);
        session.setMaxBinaryMessageBufferSize(maxMessageBytes);
        ContainerIdleTimeout.disable(session); // the hub's heartbeat closes idle clients, with a documented code
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) session.getUserProperties()
                .remove(HeraldEndpointConfigurator.HANDSHAKE_HEADERS);
        dispatcher = new CommandDispatcher(hub, headers == null ? Map.of() : headers);
        client = hub.open(new SessionTransport(session, RemoteAddress.of(session),
                HubDirectory.closer(session.getContainer())));
    }

    /**
     * Text messages arrive as strings and are decoded here rather than by the container: the size limit
     * is configurable, and not every container enforces {@code setMaxTextMessageBufferSize} (Tyrus does
     * not for whole messages), so the endpoint checks it before decoding.
     */
    @OnMessage
    public void onText(String text) {
        if (client == null) {
            return;
        }
        hub.stats().countBytesIn("websocket", text.length());
        if (Utf8.exceeds(text, maxMessageBytes)) {
            tooBig();
            return;
        }
        dispatcher.dispatch(client, TEXT_DECODER.decode(text));
    }

    @OnMessage
    public void onBinary(ByteBuffer frame) {
        if (client == null) {
            return;
        }
        hub.stats().countBytesIn("websocket", frame.remaining());
        if (frame.remaining() > maxMessageBytes) {
            tooBig();
            return;
        }
        dispatcher.dispatch(client, BINARY_DECODER.decode(frame));
    }

    private void tooBig() {
        hub.stats().countError(ErrorCode.MESSAGE_TOO_LARGE);
        hub.disconnectNow(client, CloseCode.MESSAGE_TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
    }

    /**
     * Containers report here both the client's side (it went away, a broken pipe, a protocol violation:
     * they close the session themselves) and exceptions our handlers did not catch. The first is routine
     * and logged at FINE; the second is a bug, logged at WARNING with its stack trace, and the client is
     * closed with 1011 (internal error; it reconnects) rather than left in an unknown state.
     */
    @OnError
    public void onError(Session session, Throwable error) {
        String who = client == null ? session.getId() : client.id();
        if (ErrorTriage.isClientSide(error)) {
            LOG.log(System.Logger.Level.DEBUG, "websocket closed by the client side on {0}: {1}", who, error.toString());
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "unexpected websocket error on " + who + "; closing with 1011", error);
        if (client != null) {
            hub.stats().countError(ErrorCode.INTERNAL);
            hub.disconnectNow(client, CloseCode.INTERNAL_ERROR, "internal error");
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error"));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close after error failed on {0}: {1}", who, e.toString());
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (client != null) {
            hub.closed(client, reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

}
