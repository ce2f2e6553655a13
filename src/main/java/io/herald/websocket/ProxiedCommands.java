package io.herald.websocket;

import io.herald.hooks.proxy.ProxyEngine;
import io.herald.hooks.proxy.ProxyReply;
import io.herald.hub.ClientSession;
import io.herald.hub.CloseCode;
import io.herald.hub.ErrorCode;
import io.herald.hub.Frame;
import io.herald.hub.Hub;
import io.herald.hub.HubException;
import io.herald.hub.Identity;
import io.herald.hub.Payload;
import io.herald.protocol.Command;
import io.herald.protocol.Replies;
import io.herald.protocol.ResultJson;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The commands the application's backend decides (see {@link ProxyEngine}): connect without a token,
 * subscribe and publish in proxied namespaces, rpc. Each returns a future that completes once the reply
 * is queued; the backend being down or slow gives that client {@code unavailable} (a connect: close
 * 1013, try again later) and nobody else notices.
 */
final class ProxiedCommands {
    private final Hub hub;
    private final ProxyEngine proxy;

    ProxiedCommands(Hub hub, ProxyEngine proxy) {
        this.hub = hub;
        this.proxy = proxy;
    }

    /** @return a future for a proxied command, or null when the command is not proxied (run it as usual) */
    CompletableFuture<Void> tryRun(ClientSession s, Command command, Map<String, List<String>> headers) {
        if (command instanceof Command.Connect c && c.token() == null && proxy.proxiesConnect()
                && s.state() == ClientSession.State.OPEN) {
            return proxy.connect(s, c.name(), headers).thenAccept(r -> guarded(s, c.id(), () -> connected(s, c, r)));
        }
        if (command instanceof Command.Subscribe c && proxy.proxiesSubscribe(c.channel())) {
            requireConnected(s);
            hub.namespaceOf(c.channel());
            return proxy.subscribe(s, c.channel()).thenAccept(r -> guarded(s, c.id(), () -> {
                if (allowed(s, c.id(), r)) {
                    hub.subscribe(s, c.channel(), c.since(), c.token(),
                            res -> s.send(Replies.result(c.id(), ResultJson.subscribe(res))));
                }
            }));
        }
        if (command instanceof Command.Publish c && proxy.proxiesPublish(c.channel())) {
            requireConnected(s);
            hub.namespaceOf(c.channel());
            return proxy.publish(s, c.channel(), c.data()).thenAccept(r -> guarded(s, c.id(), () -> {
                if (allowed(s, c.id(), r)) {
                    JsonValue data = r.result().get("data");
                    Payload payload = data == null ? c.data() : Payload.json(data.toString());
                    s.send(Replies.result(c.id(), ResultJson.position(hub.publish(s, c.channel(), payload))));
                }
            }));
        }
        if (command instanceof Command.Rpc c) {
            requireConnected(s);
            if (!proxy.proxiesRpc()) {
                throw new HubException(ErrorCode.NOT_FOUND, "rpc is not enabled on this server");
            }
            return proxy.rpc(s, c.method(), c.data()).thenAccept(r -> guarded(s, c.id(), () -> {
                if (allowed(s, c.id(), r)) {
                    JsonValue data = r.result().get("data");
                    s.send(Replies.result(c.id(), "{\"data\":" + (data == null ? "null" : data.toString()) + "}"));
                }
            }));
        }
        return null;
    }

    private void connected(ClientSession s, Command.Connect c, ProxyReply r) {
        switch (r.outcome()) {
            case OK -> {
                String user = r.result().get("user") instanceof JsonString u ? u.getString() : "";
                String name = r.result().get("name") instanceof JsonString n ? n.getString() : c.name();
                long expires = ProxyEngine.expiresAtMillis(r);
                String info = ProxyEngine.connInfo(r);
                s.send(Replies.result(c.id(), ResultJson.connect(hub.connectAs(s, new Identity(user, expires, info),
                        name))));
                proxy.scheduleRefresh(s, expires);
                for (String channel : ProxyEngine.channels(r)) {
                    subscribeGranted(s, channel);
                }
            }
            case REFUSED -> {
                s.send(Replies.error(c.id(), ErrorCode.UNAUTHORIZED, r.message()));
                hub.disconnect(s, CloseCode.UNAUTHORIZED, r.message());
            }
            default -> {
                s.send(Replies.error(c.id(), ErrorCode.UNAVAILABLE, "authentication backend unavailable"));
                hub.disconnect(s, CloseCode.TRY_AGAIN_LATER, "authentication backend unavailable");
            }
        }
    }

    /**
     * A server-side subscription the backend granted on connect: a {@code subscribed} push with the
     * stream position comes before any of the channel's publications; a channel the hub refuses (unknown
     * namespace, a limit) gets an error message without id, and the connection stays.
     */
    private void subscribeGranted(ClientSession s, String channel) {
        try {
            hub.subscribeGranted(s, channel, res -> s.send(new Frame.Text(ResultJson.subscribed(channel, res))));
        } catch (HubException e) {
            hub.stats().countError(e.code());
            s.send(Replies.error(0, e.code(), "server-side subscription to " + channel + " failed: " + e.getMessage()));
        }
    }

    /** Sends the refusal or failure of a subscribe/publish/rpc call; true when the backend allowed it. */
    private static boolean allowed(ClientSession s, long id, ProxyReply r) {
        if (r.outcome() == ProxyReply.Outcome.OK) {
            return true;
        }
        if (r.outcome() == ProxyReply.Outcome.REFUSED) {
            s.send(Replies.error(id, ErrorCode.PERMISSION_DENIED, r.message()));
        } else {
            s.send(Replies.error(id, ErrorCode.UNAVAILABLE, "application backend unavailable"));
        }
        return false;
    }

    /** Runs a completion step, answering hub refusals like the synchronous path does. */
    private void guarded(ClientSession s, long id, Runnable step) {
        try {
            step.run();
        } catch (HubException e) {
            hub.stats().countError(e.code());
            s.send(Replies.error(id, e.code(), e.getMessage()));
            if (e.closeCode() != null) {
                hub.disconnect(s, e.closeCode(), e.getMessage());
            }
        } catch (RuntimeException e) {
            hub.stats().countError(ErrorCode.INTERNAL);
            s.send(Replies.error(id, ErrorCode.INTERNAL, "internal error"));
        }
    }

    private static void requireConnected(ClientSession s) {
        if (s.state() != ClientSession.State.CONNECTED) {
            throw new HubException(ErrorCode.NOT_CONNECTED, "send connect first");
        }
    }
}
