package io.herald.browser;

import io.herald.browser.ChatPage.Message;
import io.herald.testing.Fixtures;
import io.herald.testing.HeraldServer;
import io.herald.testing.TcpProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The server drops a chat page's connection; while the page is away, messages are published; the
 * page must show that it is reconnecting, come back, and show exactly the missed messages, marked
 * recovered; a message typed while away is sent once it is back. The page reaches the server through a {@link TcpProxy} so the test decides how long it
 * stays away (no race with the reconnect delay).
 */
@ExtendWith(SharedBrowsers.class)
@Timeout(60)
@Tag("integration")
class ReconnectBrowserTest {
    private static final String ROOM = "recovery";
    private static final String CHANNEL = "chat:" + ROOM;
    private static HeraldServer server;
    private static TcpProxy relay;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = BrowserTests.startServer(),
            () -> relay = new TcpProxy(server.server().port()));

    @Test
    void aDroppedPageShowsReconnectingThenEveryMissedMessageOnceAndSendsWhatWasTypedMeanwhile(Browser browser) throws Exception {
        ChatPage page = new ChatPage(browser).open(BrowserTests.base(server, relay.port()), "Rex", ROOM)
                .awaitState("connected");
        String client = page.clientId();
        page.send("before 1");
        page.awaitMessage("before 1");
        publish("before 2");
        page.awaitMessage("before 2");

        relay.shut();
        HttpResponse<String> dropped = server.api("POST", "/api/disconnect", "application/json",
                "{\"client\":" + BrowserTests.json(client) + ",\"reconnect\":true}");
        assertEquals(200, dropped.statusCode(), dropped.body());
        assertEquals("{\"disconnected\":1}", dropped.body());
        page.awaitState("reconnecting");
        // The page has tried to come back and was turned away: it is away for sure now.
        browser.until(d -> relay.refused() > 0 ? Boolean.TRUE : null, "a refused reconnect attempt");
        browser.screenshot("chat-reconnecting");
        for (int i = 1; i <= 3; i++) {
            publish("while away " + i);
        }
        page.send("typed while away");
        browser.waitForText("#notice", "will be sent when the connection is back");
        assertEquals("reconnecting", page.state(), "still away while the messages were published");

        relay.open();
        page.awaitState("connected");
        page.awaitMessage("typed while away");
        browser.waitForText("#notice", "Reconnected. 3 missed messages recovered.");
        publish("after");
        page.awaitMessage("after");

        List<Message> messages = page.messages();
        assertEquals(LongStream.rangeClosed(1, 7).boxed().toList(),
                messages.stream().map(Message::offset).toList(), "every offset once, in order: " + messages);
        assertEquals(List.of("before 1", "before 2", "while away 1", "while away 2", "while away 3",
                        "typed while away", "after"),
                messages.stream().map(Message::text).toList());
        assertEquals(List.of(false, false, true, true, true, false, false),
                messages.stream().map(Message::recovered).toList(), "only the missed ones are marked recovered");
        page.awaitPresence(List.of("Rex (you)"));
        browser.until(d -> page.clientId().equals(client) ? null : Boolean.TRUE, "the new connection in presence");
        browser.screenshot("chat-recovered");
    }

    private static void publish(String text) throws Exception {
        HttpResponse<String> response = server.api("POST", "/api/publish", "application/json",
                "{\"channel\":" + BrowserTests.json(CHANNEL) + ",\"data\":{\"text\":" + BrowserTests.json(text) + "}}");
        assertEquals(200, response.statusCode(), response.body());
    }
}
