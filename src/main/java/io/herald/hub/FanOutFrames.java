package io.herald.hub;

import java.util.function.Function;

/**
 * The frames of one push (a publication, a join or a leave) for one fan-out: encoded lazily, once per
 * encoder, so Herald's own connections and each {@link Dialect}'s connections share one frame each.
 * Used by one fan-out loop at a time (not thread-safe).
 */
final class FanOutFrames {
    private static final Frame NONE = new Frame.Text("");

    private final FrameEncoder base;
    private final Function<FrameEncoder, Frame> encode;
    private Frame baseFrame;
    private FrameEncoder otherEncoder;
    private Frame otherFrame;

    FanOutFrames(FrameEncoder base, Function<FrameEncoder, Frame> encode) {
        this.base = base;
        this.encode = encode;
    }

    /** The frame for {@code encoder}, or null when that encoder sends nothing for this push. */
    Frame of(FrameEncoder encoder) {
        if (encoder == base) {
            if (baseFrame == null) {
                baseFrame = orNone(encode.apply(base));
            }
            return baseFrame == NONE ? null : baseFrame;
        }
        if (encoder != otherEncoder) {
            // a third protocol on one channel is rare: the slot is simply re-filled
            otherEncoder = encoder;
            otherFrame = orNone(encode.apply(encoder));
        }
        return otherFrame == NONE ? null : otherFrame;
    }

    /** The frame for a session's protocol. */
    Frame forSession(ClientSession session) {
        Dialect dialect = session.dialect();
        return of(dialect == null ? base : dialect.encoder());
    }

    private static Frame orNone(Frame frame) {
        return frame == null ? NONE : frame;
    }
}
