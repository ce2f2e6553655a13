package io.herald.websocket;

import io.herald.hub.ClientSession;
import io.herald.hub.ErrorCode;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.protocol.Command;
import io.herald.protocol.Replies;
import io.herald.protocol.ResultJson;

/**
 * Runs one decoded command against the hub and queues its reply. Maps every {@link HubException} to an
 * error reply with its stable code; an unexpected exception becomes {@code internal} and is logged, so no
 * input can break the connection's dispatch loop or reach another client. Shared by every transport
 * (WebSocket, HTTP streams).
 */
public final class CommandDispatcher {
    private static final System.Logger LOG = System.getLogger(CommandDispatcher.class.getName());

    private final Hub hub;

    public CommandDispatcher(Hub hub) {
        this.hub = hub;
    }

    public void dispatch(ClientSession session, Command command) {
        long now = System.nanoTime();
        session.touch(now);
        hub.stats().countInbound();
        long id = command.id();
        if (!hub.admit(session, now)) {
            hub.stats().countError();
            if (!(command instanceof Command.Pong)) {
                session.send(Replies.error(id, ErrorCode.LIMIT_EXCEEDED, "too many requests; slow down"));
            }
            return;
        }
        try {
            run(session, command);
        } catch (HubException e) {
            hub.stats().countError(e.code());
            session.send(Replies.error(id, e.code(), e.getMessage()));
            if (e.closeCode() != null) {
                hub.disconnect(session, e.closeCode(), e.getMessage());
            }
        } catch (RuntimeException e) {
            hub.stats().countError(ErrorCode.INTERNAL);
            LOG.log(System.Logger.Level.ERROR, "command failed for client " + session.id(), e);
            session.send(Replies.error(id, ErrorCode.INTERNAL, "internal error"));
        }
    }

    private void run(ClientSession s, Command command) {
        long id = command.id();
        if (command instanceof Command.Connect c) {
            s.send(Replies.result(id, ResultJson.connect(hub.connect(s, c.token(), c.name()))));
        } else if (command instanceof Command.Subscribe c) {
            hub.subscribe(s, c.channel(), c.since(), c.token(), r -> s.send(Replies.result(id, ResultJson.subscribe(r))));
        } else if (command instanceof Command.Refresh c) {
            s.send(Replies.result(id, ResultJson.refresh(hub.refresh(s, c.token()))));
        } else if (command instanceof Command.Unsubscribe c) {
            hub.unsubscribe(s, c.channel());
            s.send(Replies.empty(id));
        } else if (command instanceof Command.Publish c) {
            s.send(Replies.result(id, ResultJson.position(hub.publish(s, c.channel(), c.data()))));
        } else if (command instanceof Command.Presence c) {
            s.send(Replies.result(id, ResultJson.presence(hub.presence(s, c.channel()))));
        } else if (command instanceof Command.History c) {
            s.send(Replies.result(id, ResultJson.history(hub.history(s, c.channel(), c.limit(), c.since()))));
        } else if (command instanceof Command.Ping) {
            s.send(Replies.empty(id));
        } else if (command instanceof Command.Invalid c) {
            hub.stats().countError(c.code());
            s.send(Replies.error(id, c.code(), c.message()));
        }
        // Command.Pong: activity already recorded, no reply
    }
}
