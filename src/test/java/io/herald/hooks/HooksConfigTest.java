package io.herald.hooks;

import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.hooks.webhook.WebhookTarget;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HooksConfigTest {
    private static final String SECRET = "\"secrets\":[\"a-secret-of-16-chars-or-more\"]";

    private static List<WebhookTarget> load(String hooks) {
        return Hooks.targets(ConfigLoader.load(new StringReader("{\"hooks\":" + hooks + "}"), "test", Map.of()).hooks());
    }

    private static String error(String hooks) {
        String message = assertThrows(ConfigException.class, () -> load(hooks)).getMessage();
        return message;
    }

    @Test
    void aTargetGetsEveryEventOfItsFormatExceptPublishesByDefault() {
        String json = "{\"leaveDelayMillis\":3000,\"webhooks\":[{\"name\":\"app\",\"url\":\"https://app.example/h\","
                + SECRET + "}]}";
        WebhookTarget t = load(json).get(0);
        assertEquals(3000, ConfigLoader.load(new StringReader("{\"hooks\":" + json + "}"), "test", Map.of())
                .hooks().leaveDelay().toMillis());
        assertTrue(t.events().contains(HookType.DISCONNECT));
        assertTrue(!t.events().contains(HookType.PUBLISH));
        assertEquals(Set.of(), t.namespaces());
        assertEquals(8, t.maxAttempts());
    }

    @Test
    void mistakesAreNamedByTheirKey() {
        assertTrue(error("{\"webhooks\":[{\"url\":\"https://a.example/\"," + SECRET + ",\"retries\":3}]}")
                .contains("hooks.webhooks[0].retries"));
        assertTrue(error("{\"webhooks\":[{\"url\":\"ftp://a.example/\"," + SECRET + "}]}")
                .contains("hooks.webhooks[0].url"));
        assertTrue(error("{\"webhooks\":[{\"url\":\"https://a.example/\",\"secrets\":[\"short\"]}]}")
                .contains("hooks.webhooks[0].secrets"));
        assertTrue(error("{\"webhooks\":[{\"url\":\"https://a.example/\"," + SECRET + ",\"format\":\"soap\"}]}")
                .contains("hooks.webhooks[0].format"));
        assertTrue(error("{\"webhooks\":[{\"url\":\"https://a.example/\"," + SECRET + ",\"format\":\"pusher\"}]}")
                .contains("hooks.webhooks[0].key"));
        assertTrue(error("{\"webhooks\":[{\"url\":\"https://a.example/\"," + SECRET + ",\"format\":\"pusher\","
                + "\"key\":\"k\",\"events\":[\"connect\"]}]}").contains("an event the pusher format has"));
        assertTrue(error("{\"webhooks\":[{\"url\":\"https://a.example/\"," + SECRET + ",\"events\":[\"hello\"]}]}")
                .contains("hooks.webhooks[0].events"));
        assertTrue(error("{\"webhooks\":[{\"url\":\"https://a.example/\"," + SECRET + ",\"timeoutMillis\":0}]}")
                .contains("hooks.webhooks[0].timeoutMillis"));
        assertTrue(error("{\"webhook\":[]}").contains("hooks.webhook"));
        assertTrue(error("{\"proxy\":{\"connectUrl\":\"nope\"}}").contains("hooks.proxy.connectUrl"));
    }
}
