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

    @Test
    void webhookTargetsAndProxyRoutesComeFromTheEnvironmentAsJsonArrays() {
        var config = ConfigLoader.load(Map.of(
                "HERALD_HOOKS_WEBHOOKS", "[{\"name\":\"env\",\"url\":\"https://app.example/h\"," + SECRET
                        + ",\"events\":[\"disconnect\"],\"namespaces\":[\"chat\"]}]",
                "HERALD_HOOKS_PROXY_SUBSCRIBE", "[{\"namespaces\":[\"chat\"],\"url\":\"https://app.example/s\"}]",
                "HERALD_HOOKS_PROXY_HEADERS", "cookie,user-agent"));
        WebhookTarget t = Hooks.targets(config.hooks()).get(0);
        assertEquals("env", t.name());
        assertEquals("https://app.example/h", t.url().toString());
        assertEquals(List.of("a-secret-of-16-chars-or-more"), t.secrets());
        assertEquals(Set.of(HookType.DISCONNECT), t.events());
        assertEquals(Set.of("chat"), t.namespaces());
        assertEquals("https://app.example/s", config.hooks().proxy().subscribe().get("chat").toString());
        assertEquals(List.of("cookie", "user-agent"), config.hooks().proxy().headers());
    }

    @Test
    void anEnvironmentTargetIsCheckedLikeTheFilesAndItsTextNeverRepeated() {
        String bad = assertThrows(ConfigException.class, () -> Hooks.targets(ConfigLoader.load(Map.of(
                "HERALD_HOOKS_WEBHOOKS", "[{\"url\":\"ftp://app.example/h\"," + SECRET + "}]")).hooks())).getMessage();
        assertTrue(bad.contains("hooks.webhooks[0].url"), bad);
        String broken = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "HERALD_HOOKS_WEBHOOKS", "[{\"url\":\"https://app.example/h\",\"secrets\":[\"top-secret-value-123\"]"))).getMessage();
        assertTrue(broken.contains("HERALD_HOOKS_WEBHOOKS") && broken.contains("not a JSON array"), broken);
        assertTrue(!broken.contains("top-secret-value-123"), broken);
    }

    @Test
    void aPusherAppWithAWebhookUrlBecomesOneTargetOfItsOwn() {
        var config = ConfigLoader.load(Map.of("HERALD_PUSHER_APPS",
                "7:key-7:secret-of-app-7:https://app.example/pusher/webhooks, 8:key-8:secret-of-app-8"));
        List<WebhookTarget> targets = Hooks.pusherTargets(config.pusher());
        assertEquals(1, targets.size(), "app 8 has no webhook URL");
        WebhookTarget t = targets.get(0);
        assertEquals("pusher-app-7", t.name());
        assertEquals("https://app.example/pusher/webhooks", t.url().toString());
        assertEquals("pusher", t.format());
        assertEquals("key-7", t.key());
        assertEquals(List.of("secret-of-app-7"), t.secrets());
        assertEquals("7", t.pusherApp());
        assertEquals(Set.of(HookType.CHANNEL_OCCUPIED, HookType.CHANNEL_VACATED, HookType.MEMBER_ADDED,
                HookType.MEMBER_REMOVED, HookType.PUBLISH, HookType.CACHE_MISS), t.events());
        assertTrue(t.wants(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "pusher-presence:7/presence-room")));
        assertTrue(!t.wants(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "pusher-presence:8/presence-room")));
        assertTrue(!t.wants(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "chat:room")));
        assertTrue(!t.wants(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "pusherx:7/room")));
        assertTrue(!t.wants(HookEvent.ofChannel(HookType.CHANNEL_OCCUPIED, "pusher:7/=23server-to-user-ann")),
                "user channels are not Pusher channels");

        String bad = assertThrows(ConfigException.class, () -> Hooks.pusherTargets(ConfigLoader.load(Map.of(
                "HERALD_PUSHER_APPS", "7:key-7:secret-of-app-7:nope")).pusher())).getMessage();
        assertTrue(bad.contains("pusher.apps[0].webhookUrl"), bad);
    }
}
