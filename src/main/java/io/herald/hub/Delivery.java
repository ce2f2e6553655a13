package io.herald.hub;

import java.util.List;

/**
 * The broker's listener on this node, behind {@link DeliveryLanes} (which calls it on a delivery thread): fans
 * each publication out to the local subscribers. Each publication is encoded once per protocol; the same frame
 * object goes to every subscriber's queue that speaks it, and publications that queued up together go out
 * together ({@link #onPublications}).
 */
final class Delivery implements BrokerListener {
    /** What {@link #joinedText} returns for frames that cannot be joined. */
    private static final Frame NOT_JOINABLE = new Frame.Text("");

    private final ChannelRegistry channels;
    private final FrameEncoder encoder;
    private final HubStats stats;
    private final Runnable onGap;
    private final long maxBatchChars;

    /**
     * @param outboundQueueBytes every subscriber's outbound queue bound: a joined frame stays well under it, so a
     *                           batch never closes a subscriber that its publications one by one would not
     */
    Delivery(ChannelRegistry channels, FrameEncoder encoder, HubStats stats, Runnable onGap, long outboundQueueBytes) {
        this.channels = channels;
        this.encoder = encoder;
        this.stats = stats;
        this.onGap = onGap;
        this.maxBatchChars = Math.min(OutboundQueue.MAX_BATCH_CHARS, outboundQueueBytes / 4);
    }

    @Override
    public void onPublication(Publication publication) {
        String channel = publication.channel();
        if (channels.subscriberCount(channel) == 0) {
            return;
        }
        FanOutFrames frames = new FanOutFrames(encoder, e -> e.publication(publication));
        long origin = originNanos(publication);
        int[] delivered = new int[1];
        channels.forEachMember(channel, (session, subscription) -> {
            if (subscription == null || !subscription.liveOrBuffer(publication)) {
                return;
            }
            Dialect dialect = session.dialect();
            if (dialect != null && !dialect.wants(publication)) {
                return;
            }
            Frame frame = frames.forSession(session);
            if (frame != null && session.send(frame, origin)) {
                delivered[0]++;
            }
        });
        stats.deliveries.add(delivered[0]); // one update per publication, not one contended add per recipient
    }

    /**
     * Several publications of one channel at once ({@link DeliveryLanes}): each subscriber that wants all of them
     * and takes joined text frames gets one frame holding them all, newline-separated, shared by every such
     * subscriber (one write where there would be one per publication); the others get one frame each, in order.
     * A long run is cut into batches of at most {@link OutboundQueue#MAX_BATCH_FRAMES} publications and about
     * {@link OutboundQueue#MAX_BATCH_CHARS} characters of payload (the bounds of the outbound queue's own
     * coalescing), and a quarter of the outbound queue's byte bound.
     */
    @Override
    public void onPublications(List<Publication> run) {
        int from = 0;
        while (from < run.size()) {
            int to = from + 1;
            long chars = run.get(from).payload().size();
            while (to < run.size() && to - from < OutboundQueue.MAX_BATCH_FRAMES
                    && chars + run.get(to).payload().size() <= maxBatchChars) {
                chars += run.get(to).payload().size();
                to++;
            }
            if (to - from == 1) {
                onPublication(run.get(from));
            } else {
                deliverBatch(run.subList(from, to));
            }
            from = to;
        }
    }

    private void deliverBatch(List<Publication> batch) {
        String channel = batch.get(0).channel();
        if (channels.subscriberCount(channel) == 0) {
            return;
        }
        int n = batch.size();
        FanOutFrames[] frames = new FanOutFrames[n];
        long[] origins = new long[n];
        for (int i = 0; i < n; i++) {
            Publication publication = batch.get(i);
            frames[i] = new FanOutFrames(encoder, e -> e.publication(publication));
            origins[i] = originNanos(publication);
        }
        Frame[] joined = new Frame[1]; // Herald's own protocol, all n wanted: built by the first such subscriber
        Frame[] wanted = new Frame[n];
        int[] delivered = new int[1];
        channels.forEachMember(channel, (session, subscription) -> {
            if (subscription == null) {
                return;
            }
            int count = wantedFrames(session, subscription, batch, frames, wanted);
            if (count == n && session.dialect() == null && session.transport().joinsTextFrames()) {
                if (joined[0] == null) {
                    joined[0] = joinedText(wanted);
                }
                if (joined[0] != NOT_JOINABLE) {
                    if (session.send(joined[0], origins[0])) {
                        delivered[0] += n;
                    }
                    return;
                }
            }
            for (int i = 0; i < n && count > 0; i++) {
                if (wanted[i] != null && session.send(wanted[i], origins[i])) {
                    delivered[0]++;
                }
            }
        });
        stats.deliveries.add(delivered[0]);
    }

    /**
     * Fills {@code wanted} with the frame of each publication this subscriber gets (null for the others: recovering
     * subscriptions buffer them, dialects filter), in order, and returns how many it gets.
     */
    private static int wantedFrames(ClientSession session, Subscription subscription, List<Publication> batch,
                                    FanOutFrames[] frames, Frame[] wanted) {
        Dialect dialect = session.dialect();
        int count = 0;
        for (int i = 0; i < wanted.length; i++) {
            Publication publication = batch.get(i);
            Frame frame = null;
            if (subscription.liveOrBuffer(publication) && (dialect == null || dialect.wants(publication))) {
                frame = frames[i].forSession(session);
            }
            wanted[i] = frame;
            if (frame != null) {
                count++;
            }
        }
        return count;
    }

    /** One text frame of the given frames, newline-separated; {@link Frame#NONE} when one of them is binary. */
    private static Frame joinedText(Frame[] frames) {
        StringBuilder text = new StringBuilder();
        for (Frame f : frames) {
            if (!(f instanceof Frame.Text t)) {
                return NOT_JOINABLE;
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(t.text());
        }
        return new Frame.Text(text.toString());
    }

    /** nanoTime when it was published: the wall-clock age covers a broker hop from another node. */
    private static long originNanos(Publication publication) {
        return System.nanoTime() - Math.max(0, System.currentTimeMillis() - publication.timeMillis()) * 1_000_000L;
    }

    @Override
    public void onJoin(String channel, ClientInfo info) {
        FanOutFrames frames = new FanOutFrames(encoder, e -> e.join(channel, info));
        channels.forEachSubscriber(channel, session -> {
            Dialect dialect = session.dialect();
            Frame frame = frames.forSession(session); // first: a null frame means no push at all
            if (frame != null && (dialect == null || dialect.wantsJoin(channel, info))) {
                session.send(frame);
            }
        });
    }

    @Override
    public void onLeave(String channel, ClientInfo info) {
        FanOutFrames frames = new FanOutFrames(encoder, e -> e.leave(channel, info));
        channels.forEachSubscriber(channel, session -> {
            Dialect dialect = session.dialect();
            Frame frame = frames.forSession(session); // first: a null frame means no push at all
            if (frame != null && (dialect == null || dialect.wantsLeave(channel, info))) {
                session.send(frame);
            }
        });
    }

    @Override
    public void onDeliveryGap() {
        onGap.run();
    }

}
