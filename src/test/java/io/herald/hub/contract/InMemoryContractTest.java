package io.herald.hub.contract;


import io.herald.hub.HistoryStore;
import io.herald.hub.PresenceStore;
import io.herald.hub.memory.InMemoryBroker;
import io.herald.hub.memory.InMemoryHistoryStore;
import io.herald.hub.memory.InMemoryPresenceStore;
import org.junit.jupiter.api.Nested;

/** The SPI contracts against the in-memory engine. */
class InMemoryContractTest {

    @Nested
    class Broker extends BrokerContract {
        @Override
        protected io.herald.hub.Broker newBroker() {
            return new InMemoryBroker();
        }
    }

    @Nested
    class History extends HistoryStoreContract {
        private final HistoryStore store = new InMemoryHistoryStore();

        @Override
        protected HistoryStore store() {
            return store;
        }
    }

    @Nested
    class Presence extends PresenceStoreContract {
        private final PresenceStore store = new InMemoryPresenceStore();

        @Override
        protected PresenceStore store() {
            return store;
        }

        @Override
        protected PresenceStore otherNode() {
            return new InMemoryPresenceStore();
        }

        @Override
        protected void kill(PresenceStore other) {
            // its heap goes with it
        }

        @Override
        protected java.time.Duration expiry() {
            return java.time.Duration.ZERO;
        }

        /**
         * In memory there is one node and its entries never expire, so the contract's case (a dead node's entries
         * reported once) becomes: nothing is ever reported expired, and the entries stay.
         */
        @Override
        @org.junit.jupiter.api.Test
        void aDeadNodesEntriesAreReportedExpiredOnceWithoutAnyRead() {
            java.util.List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            store.onExpired((c, info) -> reports.add(c + " " + info.client()));
            io.herald.hub.ClientInfo ann = new io.herald.hub.ClientInfo("live-1", "ann", "Ann");
            store.add("p-never", ann);
            // the point of the test is time passing: nothing to poll for
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(300).toNanos());
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), reports);
            org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of("live-1", ann), store.get("p-never"));
        }
    }
}
