package io.herald.hub;

/**
 * Encodes server pushes into wire frames. The hub calls it once per publication and shares the
 * result among all recipients. Implementations are stateless and thread-safe.
 */
public interface FrameEncoder {

    Frame publication(Publication publication);

    Frame join(String channel, ClientInfo info);

    Frame leave(String channel, ClientInfo info);

    Frame ping();

    Frame disconnect(CloseCode code, String reason);
}
