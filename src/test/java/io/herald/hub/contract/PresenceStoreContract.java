package io.herald.hub.contract;

import io.herald.hub.ClientInfo;
import io.herald.hub.PresenceStore;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link PresenceStore} contract, run against every implementation. */
public abstract class PresenceStoreContract {

    protected abstract PresenceStore store();

    private static String channel() {
        return "p-" + UUID.randomUUID();
    }

    @Test
    void addedClientsArePresentUntilRemoved() {
        String ch = channel();
        ClientInfo ann = new ClientInfo("c1", "ann", "Ann");
        ClientInfo bob = new ClientInfo("c2", "bob", "Bob");
        store().add(ch, ann);
        store().add(ch, bob);
        assertEquals(Map.of("c1", ann, "c2", bob), store().get(ch));
        store().remove(ch, "c1");
        assertEquals(Map.of("c2", bob), store().get(ch));
    }

    @Test
    void addAndRemoveAreIdempotent() {
        String ch = channel();
        ClientInfo ann = new ClientInfo("c1", "ann", "Ann");
        store().add(ch, ann);
        store().add(ch, ann);
        assertEquals(1, store().get(ch).size());
        store().remove(ch, "c1");
        store().remove(ch, "c1");
        store().remove(ch, "never-there");
        assertTrue(store().get(ch).isEmpty());
    }

    @Test
    void channelsAreIndependent() {
        String a = channel();
        String b = channel();
        store().add(a, new ClientInfo("c1", "", ""));
        assertTrue(store().get(b).isEmpty());
    }
}
