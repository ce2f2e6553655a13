package io.herald.hooks.occupancy;

import io.herald.hub.ClientInfo;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryOccupancyTest {
    private final InMemoryOccupancy occupancy = new InMemoryOccupancy();
    private final ClientInfo tab1 = new ClientInfo("c1", "alice", "");
    private final ClientInfo tab2 = new ClientInfo("c2", "alice", "");
    private final ClientInfo anonymous = new ClientInfo("c3", "", "");

    @Test
    void theFirstSubscriberOccupiesAndEachUserIsAddedOnceAcrossTabs() {
        assertEquals(new Occupancy.Joined(true, true), occupancy.subscribed("room", tab1));
        assertEquals(new Occupancy.Joined(false, false), occupancy.subscribed("room", tab2));
        assertEquals(new Occupancy.Joined(false, false), occupancy.subscribed("room", anonymous),
                "anonymous clients are never members");
    }

    @Test
    void aUserIsRemovedOnlyWhenTheirLastTabLeavesAndTheChannelVacatesOnce() {
        occupancy.subscribed("room", tab1);
        occupancy.subscribed("room", tab2);
        Occupancy.Left first = occupancy.unsubscribed("room", "c1");
        assertFalse(first.memberMaybeRemoved());
        assertFalse(first.channelMaybeVacated());
        Occupancy.Left last = occupancy.unsubscribed("room", "c2");
        assertTrue(last.memberMaybeRemoved());
        assertTrue(last.channelMaybeVacated());
        assertTrue(occupancy.confirmMemberRemoved("room", "alice"));
        assertFalse(occupancy.confirmMemberRemoved("room", "alice"), "once per departure");
        assertTrue(occupancy.confirmVacated("room"));
        assertFalse(occupancy.confirmVacated("room"), "once per vacancy");
        assertEquals(0, occupancy.trackedChannels(), "nothing kept for an empty channel");
    }

    @Test
    void aReturnBeforeTheConfirmCancelsTheLeaveAndTheJoin() {
        occupancy.subscribed("room", tab1);
        occupancy.unsubscribed("room", "c1");
        assertEquals(new Occupancy.Joined(false, false), occupancy.subscribed("room", tab2),
                "occupied and alice were reported and never withdrawn");
        assertFalse(occupancy.confirmVacated("room"));
        assertFalse(occupancy.confirmMemberRemoved("room", "alice"));
    }

    @Test
    void aLeaveOfAnUnknownSubscriptionChangesNothing() {
        assertEquals(new Occupancy.Left(false, false, ""), occupancy.unsubscribed("room", "nobody"));
        assertFalse(occupancy.confirmVacated("room"));
    }
}
