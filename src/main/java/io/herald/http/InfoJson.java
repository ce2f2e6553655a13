package io.herald.http;

import io.herald.hub.Hub;
import io.herald.hub.HubStats;

/** The body of {@code GET /api/info}: this node's identity and counters. */
final class InfoJson {
    private InfoJson() {
    }

    static String of(Hub hub) {
        HubStats s = hub.stats();
        Runtime rt = Runtime.getRuntime();
        return "{\"node\":\"" + hub.nodeId() + "\",\"version\":\"" + Version.get() + "\",\"uptimeMillis\":"
                + hub.uptimeMillis() + ",\"connections\":" + s.connections() + ",\"subscriptions\":"
                + s.subscriptions() + ",\"channels\":" + hub.channelCount() + ",\"messagesIn\":" + s.messagesIn()
                + ",\"publications\":" + s.publications() + ",\"deliveries\":" + s.deliveries()
                + ",\"slowConsumerCloses\":" + s.slowConsumerCloses() + ",\"errors\":" + s.errors()
                + ",\"heapUsedBytes\":" + (rt.totalMemory() - rt.freeMemory()) + ",\"brokerReady\":"
                + hub.isReady() + "}";
    }
}
