package io.herald.hub;

import java.util.List;

/**
 * The {@code history} query on top of a {@link HistoryStore}: the newest {@code limit} publications, or
 * those after a position of the current epoch (none when the epoch moved on).
 */
final class HistoryReads {

    private HistoryReads() {
    }

    static HistoryStore.Page read(HistoryStore history, String channel, NamespaceConfig ns, int limit,
                                  StreamPosition since) {
        if (!ns.hasHistory()) {
            return new HistoryStore.Page(StreamPosition.NONE, List.of(), 0);
        }
        int capped = Math.max(0, limit);
        long sinceOffset = 0;
        if (since != null) {
            StreamPosition current = history.position(channel);
            if (!current.epoch().equals(since.epoch())) {
                return new HistoryStore.Page(current, List.of(), 0);
            }
            sinceOffset = since.offset();
        }
        HistoryStore.Page page = history.read(channel, sinceOffset, since == null ? Integer.MAX_VALUE : capped);
        if (since == null && page.publications().size() > capped) {
            // without a position the client wants the newest ones
            List<Publication> all = page.publications();
            return new HistoryStore.Page(page.position(), all.subList(all.size() - capped, all.size()),
                    page.earliestOffset());
        }
        return page;
    }
}
