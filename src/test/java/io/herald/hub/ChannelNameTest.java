package io.herald.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChannelNameTest {

    @Test
    void namespaceIsBeforeTheFirstColon() {
        assertEquals(new ChannelName("chat:room:1", "chat", "room:1"), parse("chat:room:1"));
        assertEquals(new ChannelName("news", "", "news"), parse("news"));
        assertEquals("notifications", parse("notifications:#alice").namespace());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":x", "x:", "a b", "a\"b", "é", "a\nb", "a\u0000b", "<script>"})
    void illegalNamesAreBadRequests(String name) {
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(HubException.class, () -> parse(name)).code());
    }

    @Test
    void tooLongIsABadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(HubException.class, () -> ChannelName.parse("x".repeat(11), 10)).code());
        assertEquals("x".repeat(10), ChannelName.parse("x".repeat(10), 10).full());
    }

    private static ChannelName parse(String s) {
        return ChannelName.parse(s, 255);
    }
}
