package io.herald.browser;

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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chromium's own EventSource on {@code /sse}, with no Herald client code: its stream is cut and it stays
 * away while publications are made; when it may come back it reconnects by itself, sending the last
 * event id as {@code Last-Event-ID}, and the server resumes the channel from it: exactly the missed
 * publications, once, in order, then live ones. The page reaches the server through a {@link TcpProxy}
 * so the test decides how long it stays away.
 */
@ExtendWith(SharedBrowsers.class)
@Timeout(60)
@Tag("integration")
class EventSourceResumeBrowserTest {
    private static final String CHANNEL = "es-resume";
    private static HeraldServer server;
    private static TcpProxy relay;

    @RegisterExtension
    static final Fixtures FIXTURES = Fixtures.perClass(
            () -> server = BrowserTests.startServer(),
            () -> relay = new TcpProxy(server.server().port()));

    /** Opens an EventSource, subscribes once through the emulation endpoint, and logs every event. */
    private static final String PAGE_SCRIPT = """
            const channel = arguments[0];
            window.es = { messages: [], ids: [], opens: 0 };
            const connect = JSON.stringify({ id: 1, type: 'connect', name: 'native' });
            const source = new EventSource('sse?connect=' + encodeURIComponent(connect));
            window.es.source = source;
            source.onopen = () => { window.es.opens++; };
            source.onmessage = (event) => {
              const message = JSON.parse(event.data);
              window.es.messages.push(message);
              window.es.ids.push(event.lastEventId);
              if (message.type === 'session' && !window.es.subscribeSent) {
                // once, on the first session (a flag, not the open count); the POST's outcome is kept for the
                // failure message, and a POST that failed is tried once more (a second subscribe that did reach
                // the server only adds an already_subscribed error, which the waits ignore)
                window.es.subscribeSent = true;
                const subscribe = () => fetch('emulation?session=' + message.session, { method: 'POST',
                  headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ id: 2, type: 'subscribe', channel }) });
                const record = (attempt) => (r) => { window.es.subscribe = (window.es.subscribe || '') + attempt + ':' + r.status + ' '; return r.ok; };
                subscribe().then(record(1), (e) => { window.es.subscribe = '1:' + e + ' '; return false; })
                  .then((ok) => ok || subscribe().then(record(2), (e) => { window.es.subscribe += '2:' + e; }));
              }
            };
            """;

    private static long count(Browser browser, String js) {
        return ((Number) browser.script("return " + js + ";")).longValue();
    }

    private static void awaitMessages(Browser browser, String filter, int n) {
        try {
            browser.until(d -> count(browser, "window.es.messages.filter(" + filter + ").length") >= n ? Boolean.TRUE : null,
                    n + " messages matching " + filter);
        } catch (RuntimeException e) {
            throw new AssertionError(n + " messages matching " + filter + " did not arrive; page state: " + browser.script(
                    "return JSON.stringify({ opens: window.es.opens, subscribe: window.es.subscribe,"
                            + " readyState: window.es.source.readyState, messages: window.es.messages });"), e);
        }
    }

    private void publish(int n) throws Exception {
        HttpResponse<String> r = server.api("POST", "/api/publish", "application/json",
                "{\"channel\":\"" + CHANNEL + "\",\"data\":{\"n\":" + n + "}}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReconnectingEventSourceGetsExactlyTheMissedPublicationsThenLiveOnes(Browser browser) throws Exception {
        browser.open(BrowserTests.base(server, relay.port()).toString());
        browser.script(PAGE_SCRIPT, CHANNEL);
        awaitMessages(browser, "m => m.id === 2 && m.result", 1);
        String epoch = (String) browser.script("return window.es.messages.find(m => m.id === 2).result.epoch;");
        publish(1);
        publish(2);
        awaitMessages(browser, "m => m.type === 'pub'", 2);
        assertEquals("h1;" + CHANNEL + "," + epoch + ",2", browser.script("return window.es.ids.at(-1);"));

        relay.cut(); // the stream breaks; reconnects are reset until the relay opens again
        browser.until(d -> relay.refused() > 0 ? Boolean.TRUE : null, "a refused reconnect attempt");
        for (int n = 3; n <= 5; n++) {
            publish(n);
        }
        relay.open();
        awaitMessages(browser, "m => m.type === 'resume'", 1);
        publish(6);
        awaitMessages(browser, "m => m.type === 'pub' && m.offset === 6", 1);
        browser.screenshot("eventsource-resumed");

        assertTrue(count(browser, "window.es.opens") >= 2, "the EventSource reconnected by itself");
        Map<String, Object> resume = (Map<String, Object>) browser.script(
                "return window.es.messages.find(m => m.type === 'resume');");
        assertEquals(CHANNEL, resume.get("channel"));
        Map<String, Object> result = (Map<String, Object>) resume.get("result");
        assertEquals(Boolean.TRUE, result.get("recovered"), resume.toString());
        assertEquals(5L, ((Number) result.get("offset")).longValue());
        assertEquals(List.of(3L, 4L, 5L), browser.script(
                "return window.es.messages.find(m => m.type === 'resume').result.publications.map(p => p.data.n);"));
        assertEquals(List.of(1L, 2L, 6L), browser.script(
                "return window.es.messages.filter(m => m.type === 'pub').map(m => m.data.n);"),
                "live publications before and after; the missed ones only in the resume");
        assertEquals(List.of(1L, 2L, 6L), browser.script(
                "return window.es.messages.filter(m => m.type === 'pub').map(m => m.offset);"));
        assertEquals("h1;" + CHANNEL + "," + epoch + ",6", browser.script("return window.es.ids.at(-1);"));
        browser.script("window.es.source.close();");
    }
}
