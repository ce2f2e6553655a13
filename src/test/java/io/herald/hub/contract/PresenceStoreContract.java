package io.herald.hub.contract;

import io.herald.hub.ClientInfo;
import io.herald.hub.PresenceStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link PresenceStore} contract, run against every implementation. */
public abstract class PresenceStoreContract {

    protected abstract PresenceStore store();

    /** The store of another node of the same cluster (for a single-node engine: another, separate node). */
    protected abstract PresenceStore otherNode();

    /** The other node dies without cleaning up: no remove, no more refreshes (a crash or a partition). */
    protected abstract void kill(PresenceStore other) throws Exception;

    /**
     * How long entries of a dead node stay visible at most (the store's expiry); zero when another
     * node's entries are never visible here (in-memory).
     */
    protected abstract Duration expiry();

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

    @Test
    void entriesOfALiveNodeOutlastTheExpiry() {
        String ch = channel();
        ClientInfo ann = new ClientInfo("c1", "ann", "Ann");
        store().add(ch, ann);
        long waitNanos = Math.max(expiry().multipliedBy(2).toNanos(), Duration.ofMillis(300).toNanos());
        LockSupport.parkNanos(waitNanos); // the point of the test is time passing: nothing to poll for
        assertEquals(Map.of("c1", ann), store().get(ch), "a live node refreshes its entries");
    }

    @Test
    void entriesOfANodeThatDiedDisappearWithinTheExpiry() throws Exception {
        String ch = channel();
        PresenceStore other = otherNode();
        other.add(ch, new ClientInfo("dead-1", "zed", "Zed"));
        store().add(ch, new ClientInfo("live-1", "ann", "Ann"));
        kill(other);
        long deadline = System.nanoTime() + expiry().plusSeconds(3).toNanos();
        while (store().get(ch).containsKey("dead-1") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertFalse(store().get(ch).containsKey("dead-1"), "still present " + expiry() + " + 3 s after its node died");
        assertTrue(store().get(ch).containsKey("live-1"), "the live node's entry stays");
    }

    @Test
    void aDeadNodesEntriesAreReportedExpiredOnceWithoutAnyRead() throws Exception {
        String ch = channel();
        List<String> reports = new CopyOnWriteArrayList<>();
        PresenceStore survivor = otherNode(); // two surviving nodes refresh the channel; one of them reports
        store().onExpired((c, info) -> reports.add(c + " " + info.client() + " " + info.user()));
        survivor.onExpired((c, info) -> reports.add(c + " " + info.client() + " " + info.user()));
        PresenceStore dying = otherNode();
        dying.add(ch, new ClientInfo("dead-1", "zed", "Zed"));
        store().add(ch, new ClientInfo("live-1", "ann", "Ann"));
        survivor.add(ch, new ClientInfo("live-2", "bob", "Bob"));
        kill(dying);
        long deadline = System.nanoTime() + expiry().plusSeconds(3).toNanos();
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        LockSupport.parkNanos(expiry().toNanos()); // more refreshes of both survivors: none may report it again
        assertEquals(List.of(ch + " dead-1 zed"), reports, "the dead node's entry, reported once, by refreshes alone");
        assertEquals(Map.of("live-1", new ClientInfo("live-1", "ann", "Ann"), "live-2", new ClientInfo("live-2", "bob", "Bob")),
                store().get(ch));
    }
}
