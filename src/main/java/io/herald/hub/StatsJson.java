package io.herald.hub;

/** The payload the hub publishes to its stats channel every second (the live dashboard reads it). */
final class StatsJson {

    private StatsJson() {
    }

    static String of(String nodeId, HubStats stats, int channels) {
        Runtime rt = Runtime.getRuntime();
        return "{\"node\":\"" + nodeId + "\",\"time\":" + System.currentTimeMillis()
                + ",\"connections\":" + stats.connections() + ",\"subscriptions\":" + stats.subscriptions()
                + ",\"channels\":" + channels + ",\"messagesIn\":" + stats.messagesIn()
                + ",\"publications\":" + stats.publications() + ",\"deliveries\":" + stats.deliveries()
                + ",\"slowConsumerCloses\":" + stats.slowConsumerCloses()
                + ",\"heapUsedBytes\":" + (rt.totalMemory() - rt.freeMemory()) + "}";
    }
}
