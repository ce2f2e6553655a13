package io.herald.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * Works out what a subscribe returns: the stream position and, when the client asked to continue
 * {@code since} a position, the publications it missed or {@code recovered: false} when the gap is
 * no longer in history (other epoch, trimmed, or more than the recovery cap).
 */
final class Recovery {

    private Recovery() {
    }

    /** What the history read found; merged with the publications that arrived meanwhile. */
    record Outcome(StreamPosition position, Boolean recovered, List<Publication> missed) {

        /** The reply: history's view of the stream. */
        SubscribeResult merge(List<Publication> buffered) {
            return new SubscribeResult(position, recovered, missed);
        }

        /** Publications buffered during the read that the reply does not already cover, in order. */
        List<Publication> after(List<Publication> buffered, SubscribeResult result) {
            long covered = result.position().offset();
            List<Publication> later = new ArrayList<>();
            for (Publication p : buffered) {
                if (p.offset() == 0 || p.offset() > covered) {
                    later.add(p);
                }
            }
            return later;
        }
    }

    static Outcome read(HistoryStore history, NamespaceConfig ns, String channel, StreamPosition since,
                        int maxPublications) {
        if (!ns.hasHistory()) {
            return new Outcome(StreamPosition.NONE, since == null ? null : Boolean.FALSE, List.of());
        }
        if (since == null) {
            return new Outcome(history.position(channel), null, List.of());
        }
        if (!ns.recovery()) {
            return new Outcome(history.position(channel), Boolean.FALSE, List.of());
        }
        HistoryStore.Page page = history.read(channel, since.offset(), maxPublications);
        StreamPosition now = page.position();
        boolean sameEpoch = now.epoch().equals(since.epoch());
        long missed = now.offset() - since.offset();
        if (!sameEpoch || missed < 0 || missed > maxPublications) {
            return new Outcome(now, Boolean.FALSE, List.of());
        }
        if (missed == 0) {
            return new Outcome(now, Boolean.TRUE, List.of());
        }
        boolean gapKept = page.earliestOffset() > 0 && page.earliestOffset() <= since.offset() + 1
                && page.publications().size() == missed;
        return gapKept ? new Outcome(now, Boolean.TRUE, page.publications())
                : new Outcome(now, Boolean.FALSE, List.of());
    }
}
