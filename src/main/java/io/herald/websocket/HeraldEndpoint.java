package io.herald.websocket;

import io.herald.hub.ClientSession;
import io.herald.hub.Hub;
import io.herald.protocol.BinaryFrames;
import io.herald.protocol.Command;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The WebSocket edge at {@code /ws}: decodes, hands commands to the hub, maps outcomes to replies and
 * close codes. One instance per connection.
 */
@ServerEndpoint(value = HeraldEndpoint.PATH, subprotocols = HeraldEndpoint.SUBPROTOCOL,
        decoders = CommandTextDecoder.class, configurator = HeraldEndpointConfigurator.class)
public class HeraldEndpoint {
    public static final String PATH = "/ws";
    public static final String SUBPROTOCOL = "herald.v1";
    private static final System.Logger LOG = System.getLogger(HeraldEndpoint.class.getName());

    private Hub hub;
    private CommandDispatcher dispatcher;
    private ClientSession client;

    @OnOpen
    public void onOpen(Session session) throws IOException {
        hub = HubDirectory.lookup(session.getContainer());
        if (hub == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "hub not ready"));
            return;
        }
        int maxBytes = hub.config().limits().maxMessageBytes();
        session.setMaxTextMessageBufferSize(maxBytes);
        session.setMaxBinaryMessageBufferSize(maxBytes);
        session.setMaxIdleTimeout(0); // the hub's heartbeat closes idle clients, with a documented code
        dispatcher = new CommandDispatcher(hub);
        client = hub.open(new SessionTransport(session, RemoteAddress.of(session)));
    }

    @OnMessage
    public void onText(Command command) {
        if (client != null) {
            dispatcher.dispatch(client, command);
        }
    }

    @OnMessage
    public void onBinary(ByteBuffer frame) {
        if (client != null) {
            dispatcher.dispatch(client, BinaryFrames.decode(frame));
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        // containers report transport failures and oversized messages here; they close the session
        LOG.log(System.Logger.Level.DEBUG, "websocket error on {0}: {1}",
                client == null ? session.getId() : client.id(), error.toString());
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (client != null) {
            hub.closed(client, reason.getCloseCode().getCode());
        }
    }

}
