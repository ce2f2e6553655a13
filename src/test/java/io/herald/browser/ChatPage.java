package io.herald.browser;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** chat.html seen through its test ids (webapp-client/README.md), in one {@link Browser}. */
final class ChatPage {
    /** A rendered message: its stream offset, whether the page marked it recovered, sender and text. */
    record Message(long offset, boolean recovered, String who, String text) {
    }

    private final Browser browser;

    ChatPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens the page with name and room in the query, which joins at once. */
    ChatPage open(URI base, String name, String room) {
        browser.open(base.resolve("chat.html?name=" + encode(name) + "&room=" + encode(room)).toString());
        return this;
    }

    ChatPage awaitState(String state) {
        browser.waitForAttribute("#state", "data-state", state);
        return this;
    }

    String state() {
        return browser.find("#state").getAttribute("data-state");
    }

    /** Types a message and presses Send. */
    void send(String text) {
        browser.type("#message", text);
        browser.click("#send");
    }

    void leaveRoom() {
        browser.click("#leave");
    }

    /** Joins again through the form (after {@link #leaveRoom()}), with the name and room still filled in. */
    void joinAgain() {
        browser.click("#join");
    }

    List<Message> messages() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.script("""
                return [...document.querySelectorAll('[data-testid=chat-message]')].map(li => ({
                  offset: li.dataset.offset, recovered: li.dataset.recovered === 'true',
                  who: li.querySelector('.who').textContent, text: li.querySelector('.text').textContent }));
                """);
        return rows.stream().map(r -> new Message(Long.parseLong((String) r.get("offset")),
                (Boolean) r.get("recovered"), (String) r.get("who"), (String) r.get("text"))).toList();
    }

    /** Join/leave notices, in order. */
    List<String> events() {
        return strings("[...document.querySelectorAll('[data-testid=chat-event]')].map(li => li.textContent)");
    }

    /** The presence list as shown, e.g. {@code ["Ann (you)", "Bob"]}. */
    List<String> presence() {
        return strings("[...document.querySelectorAll('[data-testid=presence-item]')].map(li => li.textContent)");
    }

    /** This page's client id, from its own presence entry (waits for it). */
    String clientId() {
        return browser.until(d -> (String) browser.script("""
                const me = [...document.querySelectorAll('[data-testid=presence-item]')]
                    .find(li => li.textContent.endsWith('(you)'));
                return me ? me.dataset.client : null;
                """), "own entry in the presence list");
    }

    String notice() {
        return browser.text("#notice");
    }

    void awaitMessage(String text) {
        browser.until(d -> messages().stream().anyMatch(m -> m.text().equals(text)) ? Boolean.TRUE : null,
                "message '" + text + "'");
    }

    void awaitEvent(String text) {
        browser.until(d -> events().contains(text) ? Boolean.TRUE : null, "notice '" + text + "'");
    }

    void awaitPresence(List<String> shown) {
        browser.until(d -> presence().equals(shown)
                && browser.text("#presence-count").equals(String.valueOf(shown.size())) ? Boolean.TRUE : null,
                "presence " + shown);
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String expression) {
        return (List<String>) browser.script("return " + expression + ";");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
