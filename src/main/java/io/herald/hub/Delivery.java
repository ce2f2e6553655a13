package io.herald.hub;

/**
 * The broker's listener on this node: fans each publication out to the local subscribers.
 * Each publication is encoded once per protocol; the same frame object goes to every subscriber's queue
 * that speaks it.
 */
final class Delivery implements BrokerListener {
    private final ChannelRegistry channels;
    private final FrameEncoder encoder;
    private final HubStats stats;
    private final Runnable onGap;

    Delivery(ChannelRegistry channels, FrameEncoder encoder, HubStats stats, Runnable onGap) {
        this.channels = channels;
        this.encoder = encoder;
        this.stats = stats;
        this.onGap = onGap;
    }

    @Override
    public void onPublication(Publication publication) {
        String channel = publication.channel();
        if (channels.subscriberCount(channel) == 0) {
            return;
        }
        FanOutFrames frames = new FanOutFrames(encoder, e -> e.publication(publication));
        // nanoTime when it was published: the wall-clock age covers a broker hop from another node
        long origin = System.nanoTime() - Math.max(0, System.currentTimeMillis() - publication.timeMillis()) * 1_000_000L;
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
