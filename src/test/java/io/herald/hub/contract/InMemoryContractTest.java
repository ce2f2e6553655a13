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
    }
}
