package io.herald.transport.http;

import io.herald.hub.ClientSession;
import io.herald.hub.ErrorCode;
import io.herald.hub.Frame;
import io.herald.hub.StreamPosition;
import io.herald.protocol.Command;
import io.herald.protocol.Replies;
import io.herald.websocket.CommandDispatcher;

import java.util.Map;

/**
 * Resumes a reconnected EventSource from its {@code Last-Event-ID} ({@link SseEventId}): once the new
 * stream's {@code connect} ran, every channel the id names is subscribed again with {@code since} = its
 * position, through the normal recovery (and the same checks and proxy as a client's subscribe). Each
 * reply reaches the client as {@code {"type":"resume","channel":"c","result":{...}}} (the subscribe
 * result: {@code recovered} and the missed {@code publications}, or {@code recovered: false}) or
 * {@code {"type":"resume","channel":"c","error":{...}}}.
 */
final class SseResume {
    private final SseEventId.Positions positions; // null: the id was not one of ours

    private SseResume(SseEventId.Positions positions) {
        this.positions = positions;
    }

    /** @return what to resume, or null when the request carried no {@code Last-Event-ID} */
    static SseResume from(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        return new SseResume(SseEventId.decode(lastEventId.strip()));
    }

    void run(ClientSession client, CommandDispatcher dispatcher, SsePositions tracker) {
        if (positions == null) {
            client.send(message(ErrorCode.BAD_REQUEST, "Last-Event-ID is not an event id of this server: nothing resumed"));
            return;
        }
        for (Map.Entry<String, StreamPosition> e : positions.channels().entrySet()) {
            long id = tracker.resumeId(e.getKey());
            dispatcher.dispatchOwn(client, new Command.Subscribe(id, e.getKey(), e.getValue(), null));
        }
        if (positions.truncated()) {
            client.send(message(ErrorCode.LIMIT_EXCEEDED,
                    "more subscriptions than an event id holds: subscribe to the others again"));
        }
    }

    private static Frame message(ErrorCode code, String text) {
        return new Frame.Text("{\"type\":\"resume\",\"error\":" + Replies.errorBody(code, text) + "}");
    }
}
