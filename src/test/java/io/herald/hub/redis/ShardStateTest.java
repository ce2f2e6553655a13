package io.herald.hub.redis;

import org.junit.jupiter.api.Test;

import static io.herald.hub.redis.ShardState.State.CLOSED;
import static io.herald.hub.redis.ShardState.State.CONNECTING;
import static io.herald.hub.redis.ShardState.State.GAP;
import static io.herald.hub.redis.ShardState.State.LIVE;
import static io.herald.hub.redis.ShardState.State.UNRESPONSIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardStateTest {
    private final ShardState state = new ShardState("test");

    @Test
    void aShardStartsConnectingAndGoesLiveOnItsFirstConnect() {
        assertEquals(CONNECTING, state.get());
        state.pubsubLost();
        assertEquals(CONNECTING, state.get(), "nothing to lose before the first connect");
        assertTrue(state.connected());
        assertEquals(LIVE, state.get());
        assertFalse(state.connected(), "connects once");
    }

    @Test
    void pingFailuresAndAnswersAreReportedOnceEach() {
        state.connected();
        assertTrue(state.pingFailed());
        assertFalse(state.pingFailed());
        assertEquals(UNRESPONSIVE, state.get());
        assertTrue(state.pingAnswered());
        assertFalse(state.pingAnswered());
        assertEquals(LIVE, state.get());
    }

    @Test
    void aPubSubLossFromLiveOrUnresponsiveIsAGapUntilReported() {
        state.connected();
        state.pubsubLost();
        assertEquals(GAP, state.get());
        assertFalse(state.pingFailed(), "a gap outranks a silent Redis");
        assertFalse(state.pingAnswered(), "an answer does not end a gap");
        state.gapReported();
        assertEquals(LIVE, state.get());
        state.pingFailed();
        state.pubsubLost();
        assertEquals(GAP, state.get());
    }

    @Test
    void closeIsFinalAndIdempotent() {
        state.connected();
        assertTrue(state.close());
        assertFalse(state.close());
        state.pubsubLost();
        state.gapReported();
        assertFalse(state.connected());
        assertEquals(CLOSED, state.get());
    }
}
