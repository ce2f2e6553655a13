package io.herald.browser;

import io.herald.testing.Fixtures;
import io.herald.testing.HeraldServer;
import io.herald.testing.WsTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dashboard.html follows the server's stats push: numbers and charts change while the page stays loaded. */
@ExtendWith(SharedBrowsers.class)
@Timeout(60)
@Tag("integration")
class DashboardBrowserTest {
    private static HeraldServer server;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = BrowserTests.startServer());

    @Test
    void theDashboardRedrawsFromTheStatsPushAsConnectionsOpenAndCloseWithoutReloading(Browser browser)
            throws Exception {
        browser.open(BrowserTests.base(server).resolve("dashboard.html").toString());
        browser.waitForAttribute("#state", "data-state", "connected");
        // A marker in the document: a reload would start a new document without it.
        browser.script("window.heraldTestDocument = 'first load';");
        awaitConnections(browser, 1); // the dashboard's own connection
        browser.until(d -> chartLabel(browser).startsWith("Connections: now 1,") ? Boolean.TRUE : null,
                "connections chart at 1");
        long updatesBefore = updates(browser);

        List<WsTestClient> extra = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                extra.add(server.client("extra-" + i));
            }
            awaitConnections(browser, 4);
            browser.until(d -> chartLabel(browser).startsWith("Connections: now 4, peak 4") ? Boolean.TRUE : null,
                    "connections chart at 4");
            assertTrue(updates(browser) > updatesBefore, "pushed updates counted");
            browser.screenshot("dashboard");
        } finally {
            for (WsTestClient client : extra) {
                client.close();
            }
        }
        awaitConnections(browser, 1);
        browser.until(d -> chartLabel(browser).startsWith("Connections: now 1, peak 4") ? Boolean.TRUE : null,
                "connections chart back at 1, peak 4 kept");

        assertEquals("first load", browser.script("return window.heraldTestDocument;"), "the page was not reloaded");
        assertEquals(1L, browser.script("return performance.getEntriesByType('navigation').length;"));
        assertEquals("connected", browser.find("#state").getAttribute("data-state"));
        assertEquals("0", browser.text("#requests"), "no HTTP request for the numbers: they were pushed");
    }

    private static void awaitConnections(Browser browser, int n) {
        browser.until(d -> browser.text("#connections").equals(String.valueOf(n)) ? Boolean.TRUE : null,
                "#connections = " + n);
    }

    private static String chartLabel(Browser browser) {
        String label = browser.find("#chart-connections").getAttribute("aria-label");
        return label == null ? "" : label;
    }

    private static long updates(Browser browser) {
        return Long.parseLong(browser.text("#updates").replaceAll("\\D", ""));
    }
}
