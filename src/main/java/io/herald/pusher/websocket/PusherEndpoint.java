package io.herald.pusher.websocket;

import io.herald.hub.CloseCode;
import io.herald.config.PusherApp;
import io.herald.pusher.PusherService;
import io.herald.pusher.protocol.PusherCodes;
import io.herald.pusher.protocol.PusherConnection;
import io.herald.pusher.protocol.PusherFrames;
import io.herald.hub.Frame;
import io.herald.websocket.ContainerIdleTimeout;
import io.herald.websocket.SessionTransport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The Pusher Channels protocol (version 7) edge at {@code /app/{key}}: checks the app key and the
 * {@code protocol} query parameter (4001 unknown key; 4006 not a number, 4007 not 4-7, 4008 missing), then hands the connection to a
 * {@link PusherConnection} over the deployment's hub. One instance per connection.
 */
@ServerEndpoint("/app/{key}")
public class PusherEndpoint {
    /** The protocol version documented and tested here. */
    public static final int PROTOCOL = 7;
    /**
     * The oldest version still accepted: Pusher retired 1-3; 4-6 differ from 7 in nothing a server sends
     * (pusher-java-client 2.4 still announces 5).
     */
    public static final int OLDEST_PROTOCOL = 4;
    private static final System.Logger LOG = System.getLogger(PusherEndpoint.class.getName());

    private PusherConnection connection;
    private int maxMessageBytes;

    @OnOpen
    public void onOpen(Session session, @PathParam("key") String key) {
        PusherService service = PusherDirectory.lookup(session.getContainer());
        if (service == null) {
            refuse(session, PusherCodes.APP_NOT_FOUND, "the Pusher protocol is not enabled on this server");
            return;
        }
        Optional<PusherApp> app = service.config().byKey(key);
        if (app.isEmpty()) {
            refuse(session, PusherCodes.APP_NOT_FOUND, "App key " + truncate(key) + " not in this cluster");
            return;
        }
        Integer refusal = protocolRefusal(session.getRequestParameterMap().get("protocol"));
        if (refusal != null) {
            refuse(session, refusal, refusal == PusherCodes.NO_PROTOCOL ? "No protocol version supplied"
                    : refusal == PusherCodes.INVALID_VERSION ? "Invalid version string format"
                    : "Unsupported protocol version: " + OLDEST_PROTOCOL + " to " + PROTOCOL + " are spoken here");
            return;
        }
        maxMessageBytes = service.hub().config().limits().maxMessageBytes();
        session.setMaxTextMessageBufferSize(maxMessageBytes);
        ContainerIdleTimeout.disable(session); // the hub's heartbeat closes idle clients, with a Pusher code
        PusherTransport transport = new PusherTransport(SessionTransport.of(session));
        PusherConnection created = new PusherConnection(service, app.get(), transport::closeWithPusherCode);
        if (created.open(transport)) {
            connection = created;
        } else {
            created.closed(CloseCode.GOING_AWAY.code());
        }
    }

    static Integer protocolRefusal(List<String> values) {
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return PusherCodes.NO_PROTOCOL;
        }
        try {
            int version = Integer.parseInt(values.get(0));
            return version >= OLDEST_PROTOCOL && version <= PROTOCOL ? null : PusherCodes.UNSUPPORTED_PROTOCOL;
        } catch (NumberFormatException e) {
            return PusherCodes.INVALID_VERSION;
        }
    }

    @OnMessage
    public void onText(String text) {
        if (connection == null) {
            return;
        }
        if (text.length() > maxMessageBytes) {
            connection.tooBig();
            return;
        }
        connection.onText(text);
    }

    @OnError
    public void onError(Session session, Throwable error) {
        LOG.log(System.Logger.Level.DEBUG, "pusher websocket error on {0}: {1}",
                connection == null ? session.getId() : connection.socketId(), error.toString());
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (connection != null) {
            connection.closed(reason.getCloseCode().getCode());
        }
    }

    /** Before any hub state exists: the error, then the close, both on this thread. */
    private static void refuse(Session session, int code, String message) {
        try {
            session.getBasicRemote().sendText(((Frame.Text) PusherFrames.error(code, message)).text());
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncate(message)));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "refusal not delivered: {0}", e.toString());
        }
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() <= 60 ? s : s.substring(0, 60);
    }
}
