package io.herald.hub;

import java.util.List;

/**
 * The per-channel streams: ordered publications with an offset counter and an epoch.
 *
 * <p>Contract: offsets of one channel start at 1 and grow by exactly 1 per {@link #append}. When a
 * stream's data is lost or expires entirely, the next append starts a new epoch (the offset counter
 * may restart). Reads see every append that returned before the read started. Thread-safe.
 */
public interface HistoryStore {

    /**
     * Appends a publication and trims the stream to {@code options.historySize()} entries and
     * {@code options.historyTtl()} age.
     *
     * @return the publication with its assigned offset, and the stream's epoch
     */
    Appended append(Publication publication, PublishOptions options);

    /**
     * Reads publications with offset greater than {@code sinceOffset} (0 = from the oldest kept), oldest
     * first, at most {@code limit} of them (0 = only the position).
     */
    Page read(String channel, long sinceOffset, int limit);

    /** The current position of a channel's stream; {@link StreamPosition#NONE}-like offset 0 with a fresh epoch if empty. */
    StreamPosition position(String channel);

    /** An appended publication and the stream position after it. */
    record Appended(Publication publication, StreamPosition position) {
    }

    /**
     * A read result.
     *
     * @param position      the stream's current position (last offset and epoch)
     * @param publications  the publications read, oldest first
     * @param earliestOffset offset of the oldest publication still kept (0 when none)
     */
    record Page(StreamPosition position, List<Publication> publications, long earliestOffset) {
        public Page {
            publications = List.copyOf(publications);
        }
    }
}
