package io.herald.browser;

import io.herald.testing.Fixtures;
import io.herald.testing.HeraldServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** index.html shows where the WebSocket is and links to each demo by a relative link that works. */
@ExtendWith(SharedBrowsers.class)
@Timeout(60)
@Tag("integration")
class IndexBrowserTest {
    private static HeraldServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = BrowserTests.startServer());

    @Test
    void theIndexShowsTheWebSocketUrlAndItsLinksOpenEachDemo(Browser browser) throws Exception {
        URI base = BrowserTests.base(server);
        browser.open(base.toString());
        URI ws = URI.create("ws://" + base.getAuthority() + base.getPath() + "ws");
        browser.waitForText("#ws-url", ws.toString());
        assertEquals(ws.toString(), browser.text("#ws-url"));
        browser.screenshot("index");

        for (String page : new String[] {"chat", "dashboard", "admin"}) {
            browser.open(base.toString());
            assertEquals(page + ".html", browser.find("[data-testid=link-" + page + "]").getDomAttribute("href"),
                    "relative link, so the app works under any context path");
            browser.click("[data-testid=link-" + page + "]");
            browser.until(d -> d.getCurrentUrl().equals(base.resolve(page + ".html").toString()) ? Boolean.TRUE : null,
                    page + ".html opened");
            browser.find("#state");
        }
    }
}
