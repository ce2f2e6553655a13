package io.herald.browser;

import io.herald.browser.ChatPage.Message;
import io.herald.testing.Fixtures;
import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two real Chromium browsers chat with each other through chat.html on the standalone server. */
@ExtendWith(SharedBrowsers.class)
@Timeout(60)
@Tag("integration")
class ChatBrowserTest {
    private static final String ROOM = "two-pages";
    private static HeraldServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = BrowserTests.startServer());

    @Test
    void twoPagesChatBothWaysAndEachSeesTheOthersPresenceJoinAndLeave(Browser annBrowser, Browser bobBrowser)
            throws Exception {
        URI base = BrowserTests.base(server);
        ChatPage ann = new ChatPage(annBrowser).open(base, "Ann", ROOM).awaitState("connected");
        ann.awaitPresence(List.of("Ann (you)"));
        ann.awaitEvent("You joined");

        ChatPage bob = new ChatPage(bobBrowser).open(base, "Bob", ROOM).awaitState("connected");
        bob.awaitPresence(List.of("Ann", "Bob (you)"));
        bob.awaitEvent("You joined");
        ann.awaitPresence(List.of("Ann (you)", "Bob"));
        ann.awaitEvent("Bob joined");

        ann.send("Hello Bob");
        bob.awaitMessage("Hello Bob");
        bob.send("Hi Ann, <b>not bold</b>"); // markup typed by a user stays text on every page
        ann.awaitMessage("Hi Ann, <b>not bold</b>");
        List<Message> conversation = List.of(
                new Message(1, false, "Ann", "Hello Bob"),
                new Message(2, false, "Bob", "Hi Ann, <b>not bold</b>"));
        assertEquals(conversation, ann.messages(), "Ann's page: each message once, in order");
        assertEquals(conversation, bob.messages(), "Bob's page: each message once, in order");
        annBrowser.screenshot("chat-ann");
        bobBrowser.screenshot("chat-bob");

        // Ann leaves the room and comes back: Bob sees both, Ann gets the conversation from history.
        ann.leaveRoom();
        ann.awaitState("disconnected");
        bob.awaitEvent("Ann left");
        bob.awaitPresence(List.of("Bob (you)"));
        ann.joinAgain();
        ann.awaitState("connected");
        bob.awaitEvent("Ann joined");
        bob.awaitPresence(List.of("Ann", "Bob (you)"));
        ann.awaitPresence(List.of("Ann (you)", "Bob"));
        ann.awaitMessage("Hi Ann, <b>not bold</b>");
        assertEquals(conversation, ann.messages(), "history on entry, without duplicates");

        // Bob closes his tab: Ann sees him leave.
        bobBrowser.closePage();
        ann.awaitEvent("Bob left");
        ann.awaitPresence(List.of("Ann (you)"));
        assertEquals("connected", ann.state());
        annBrowser.screenshot("chat-after-leave");
    }
}
