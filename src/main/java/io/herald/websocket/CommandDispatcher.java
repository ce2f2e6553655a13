package io.herald.websocket;

import io.herald.hooks.proxy.ProxyEngine;
import io.herald.hub.ClientSession;
import io.herald.hub.ErrorCode;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.protocol.Command;
import io.herald.protocol.Replies;
import io.herald.protocol.ResultJson;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one decoded command against the hub and queues its reply. Maps every {@link HubException} to an
 * error reply with its stable code; an unexpected exception becomes {@code internal} and is logged, so no
 * input can break the connection's dispatch loop or reach another client. Shared by every transport
 * (WebSocket, HTTP streams).
 */
public final class CommandDispatcher {
    private static final System.Logger LOG = System.getLogger(CommandDispatcher.class.getName());
    /** Commands that may wait behind one proxied command of the same connection. */
    static final int MAX_WAITING = 32;

    private final Hub hub;
    private final ProxiedCommands proxied;
    private Map<String, List<String>> handshakeHeaders;
    // with a proxy: commands of one connection run one at a time, in order, even across async calls
    private final ArrayDeque<Command> waiting;
    private boolean busy;

    /** One dispatcher per connection: with a proxy it orders that connection's commands. */
    public CommandDispatcher(Hub hub) {
        this(hub, Map.of());
    }

    /** @param handshakeHeaders the handshake's (or stream request's) headers, for the connect proxy */
    public CommandDispatcher(Hub hub, Map<String, List<String>> handshakeHeaders) {
        this.hub = hub;
        ProxyEngine proxy = ProxyEngine.of(hub);
        this.proxied = proxy == null ? null : new ProxiedCommands(hub, proxy);
        this.handshakeHeaders = proxy == null ? null : handshakeHeaders;
        this.waiting = proxy == null ? null : new ArrayDeque<>();
    }

    public void dispatch(ClientSession session, Command command) {
        long now = System.nanoTime();
        session.touch(now);
        hub.stats().countInbound(session.transportKind());
        long id = command.id();
        if (!hub.admit(session, now)) {
            hub.stats().countError();
            if (!(command instanceof Command.Pong)) {
                session.send(Replies.error(id, ErrorCode.LIMIT_EXCEEDED, "too many requests; slow down"));
            }
            return;
        }
        route(session, command);
    }

    /**
     * Runs a command the server issues on the connection's behalf (an SSE stream resuming its
     * subscriptions from {@code Last-Event-ID}): in order with the client's own commands, through the
     * same checks and proxy, but not counted against the client's command rate.
     */
    public void dispatchOwn(ClientSession session, Command command) {
        route(session, command);
    }

    private void route(ClientSession session, Command command) {
        long id = command.id();
        if (proxied == null) {
            execute(session, command);
            return;
        }
        synchronized (this) {
            if (busy) {
                if (waiting.size() >= MAX_WAITING) {
                    session.send(Replies.error(id, ErrorCode.LIMIT_EXCEEDED, "too many commands waiting for the backend"));
                } else {
                    waiting.add(command);
                }
                return;
            }
            busy = true;
        }
        drive(session, command);
    }

    /** Runs commands until one goes to the backend; its completion carries on with the next. */
    private void drive(ClientSession session, Command first) {
        for (Command command = first; command != null; command = next()) {
            Map<String, List<String>> headers = handshakeHeaders == null ? Map.of() : handshakeHeaders;
            if (command instanceof Command.Connect) {
                handshakeHeaders = null; // the headers (cookies) are needed once
            }
            CompletableFuture<Void> async;
            try {
                async = proxied.tryRun(session, command, headers);
            } catch (HubException e) {
                refuse(session, command.id(), e);
                continue;
            }
            if (async != null) {
                async.whenComplete((v, e) -> drive(session, next()));
                return;
            }
            execute(session, command);
        }
    }

    private synchronized Command next() {
        Command c = waiting.poll();
        if (c == null) {
            busy = false;
        }
        return c;
    }

    private void refuse(ClientSession session, long id, HubException e) {
        hub.stats().countError(e.code());
        session.send(Replies.error(id, e.code(), e.getMessage()));
        if (e.closeCode() != null) {
            hub.disconnect(session, e.closeCode(), e.getMessage());
        }
    }

    private void execute(ClientSession session, Command command) {
        long id = command.id();
        try {
            run(session, command);
        } catch (HubException e) {
            refuse(session, id, e);
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
        } else if (command instanceof Command.Rpc) {
            throw new HubException(ErrorCode.NOT_FOUND, "rpc is not enabled on this server");
        } else if (command instanceof Command.Ping) {
            s.send(Replies.empty(id));
        } else if (command instanceof Command.Invalid c) {
            hub.stats().countError(c.code());
            s.send(Replies.error(id, c.code(), c.message()));
        }
        // Command.Pong: activity already recorded, no reply
    }
}
