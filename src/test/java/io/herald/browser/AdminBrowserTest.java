package io.herald.browser;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** admin.html, with the API key typed in, lists channels live and publishes through the HTTP API to a chat page. */
@ExtendWith(SharedBrowsers.class)
@Timeout(60)
@Tag("integration")
class AdminBrowserTest {
    private static final String ROOM = "announcements";
    private static HeraldServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = BrowserTests.startServer());

    @Test
    void theAdminPagePublishesThroughTheHttpApiAndAChatPageReceivesIt(Browser adminBrowser, Browser chatBrowser)
            throws Exception {
        URI base = BrowserTests.base(server);
        ChatPage chat = new ChatPage(chatBrowser).open(base, "Cleo", ROOM).awaitState("connected");
        chat.awaitPresence(List.of("Cleo (you)"));

        adminBrowser.open(base.resolve("admin.html").toString());
        adminBrowser.waitForAttribute("#state", "data-state", "connected");

        // A wrong key is refused with a clear message and no channel data is shown.
        adminBrowser.type("#api-key", "not-the-key-0123456789");
        adminBrowser.click("#api-key-save");
        adminBrowser.waitForAttribute("#api-status", "data-status", "error");
        adminBrowser.waitForText("#api-status", "refused");
        assertEquals(0L, adminBrowser.script("return document.querySelectorAll('[data-testid=channel-row]').length;"));

        adminBrowser.type("#api-key", BrowserTests.API_KEY);
        adminBrowser.click("#api-key-save");
        adminBrowser.waitForAttribute("#api-status", "data-status", "ok");
        // the one version (pom = --version = /api/info = herald_build_info) is what the admin page shows
        String version = io.herald.http.Version.get();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "a built version, not " + version);
        adminBrowser.waitForText("#version", version);
        String row = "[data-testid=channel-row][data-channel='chat:" + ROOM + "']";
        adminBrowser.until(d -> rowCount(adminBrowser, row).equals("1") ? Boolean.TRUE : null,
                "chat:" + ROOM + " listed with 1 subscriber");

        adminBrowser.type("#publish-channel", "chat:" + ROOM);
        adminBrowser.type("#publish-data", "{\"text\":\"Maintenance at noon\"}");
        adminBrowser.click("#publish-button");
        adminBrowser.waitForAttribute("#publish-result", "data-status", "ok");
        adminBrowser.waitForText("#publish-result", "Published to chat:" + ROOM + ": offset 1");

        chat.awaitMessage("Maintenance at noon");
        assertEquals(List.of(new ChatPage.Message(1, false, "server", "Maintenance at noon")), chat.messages());
        adminBrowser.screenshot("admin");
        chatBrowser.screenshot("chat-from-admin");
    }

    private static String rowCount(Browser browser, String rowCss) {
        Object count = browser.script("const row = document.querySelector(arguments[0]);"
                + " return row ? row.querySelector('td.number').textContent : '';", rowCss);
        return String.valueOf(count);
    }
}
