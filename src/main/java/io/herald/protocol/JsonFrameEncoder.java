package io.herald.protocol;

import io.herald.hub.ClientInfo;
import io.herald.hub.CloseCode;
import io.herald.hub.Frame;
import io.herald.hub.FrameEncoder;
import io.herald.hub.Publication;

/**
 * Encodes server pushes as protocol v1 frames: JSON text, or the binary layout of {@link BinaryFrames}
 * for publications whose data is bytes.
 */
public final class JsonFrameEncoder implements FrameEncoder {
    private static final Frame PING = new Frame.Text("{\"type\":\"ping\"}");

    @Override
    public Frame publication(Publication publication) {
        if (publication.payload().isBinary()) {
            return new Frame.Binary(BinaryFrames.encodePublication(publication));
        }
        StringBuilder out = new StringBuilder(64 + publication.payload().size());
        out.append("{\"type\":\"pub\",\"channel\":");
        JsonText.quote(out, publication.channel());
        if (publication.offset() > 0) {
            out.append(",\"offset\":").append(publication.offset());
        }
        out.append(",\"data\":").append(publication.payload().json());
        appendInfo(out, publication.info());
        return new Frame.Text(out.append('}').toString());
    }

    @Override
    public Frame join(String channel, ClientInfo info) {
        return presenceEvent("join", channel, info);
    }

    @Override
    public Frame leave(String channel, ClientInfo info) {
        return presenceEvent("leave", channel, info);
    }

    @Override
    public Frame ping() {
        return PING;
    }

    @Override
    public Frame disconnect(CloseCode code, String reason) {
        StringBuilder out = new StringBuilder(64);
        out.append("{\"type\":\"disconnect\",\"code\":").append(code.code()).append(",\"reason\":");
        JsonText.quote(out, reason);
        out.append(",\"reconnect\":").append(code.reconnect());
        return new Frame.Text(out.append('}').toString());
    }

    private static Frame presenceEvent(String type, String channel, ClientInfo info) {
        StringBuilder out = new StringBuilder(96);
        out.append("{\"type\":\"").append(type).append("\",\"channel\":");
        JsonText.quote(out, channel);
        appendInfo(out, info);
        return new Frame.Text(out.append('}').toString());
    }

    static void appendInfo(StringBuilder out, ClientInfo info) {
        if (info == null) {
            return;
        }
        out.append(",\"info\":");
        appendClientInfo(out, info);
    }

    static void appendClientInfo(StringBuilder out, ClientInfo info) {
        out.append("{\"user\":");
        JsonText.quote(out, info.user());
        out.append(",\"client\":");
        JsonText.quote(out, info.client());
        if (!info.name().isEmpty()) {
            out.append(",\"name\":");
            JsonText.quote(out, info.name());
        }
        if (!info.connInfo().isEmpty()) {
            out.append(",\"connInfo\":").append(info.connInfo()); // JSON the backend sent, re-serialized
        }
        out.append('}');
    }
}
