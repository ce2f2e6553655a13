package io.herald.hub;

import java.util.List;

/**
 * The answer to a subscribe.
 *
 * @param position     the stream position the client is now at
 * @param recovered    null when no {@code since} was given; otherwise whether every missed publication
 *                     is in {@code publications}
 * @param publications missed publications, oldest first (empty unless recovering)
 */
public record SubscribeResult(StreamPosition position, Boolean recovered, List<Publication> publications) {
    public SubscribeResult {
        publications = List.copyOf(publications);
    }
}
