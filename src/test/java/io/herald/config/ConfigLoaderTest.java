package io.herald.config;

import io.herald.hub.HubConfig;
import io.herald.hub.NamespaceConfig;
import io.herald.hub.PublishPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static HeraldConfig load(String json, Map<String, String> env) {
        return ConfigLoader.load(new StringReader(json), "test.json", env);
    }

    private static String failure(String json, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> load(json, env)).getMessage();
    }

    @Test
    void defaultsGiveTheDemoSetup() {
        HeraldConfig c = ConfigLoader.load(Map.of());
        HubConfig hub = c.hub();
        assertEquals(8080, c.port());
        assertEquals("0.0.0.0", c.host());
        assertTrue(hub.allowAnonymous());
        NamespaceConfig standard = hub.namespaces().get("");
        assertEquals(100, standard.historySize());
        assertEquals(Duration.ofMinutes(5), standard.historyTtl());
        assertTrue(standard.presence() && standard.recovery());
        assertEquals(PublishPolicy.SERVER, standard.publish());
        NamespaceConfig chat = hub.namespaces().get("chat");
        assertTrue(chat.joinLeave());
        assertEquals(PublishPolicy.SUBSCRIBERS, chat.publish());
        assertEquals(64 * 1024, hub.limits().maxMessageBytes());
        assertEquals(1024 * 1024, hub.limits().outboundQueueBytes());
    }

    @Test
    void fileValuesMergeOverDefaults() {
        HeraldConfig c = load("{\"server\":{\"port\":9000},\"limits\":{\"maxMessageBytes\":1024}}", Map.of());
        assertEquals(9000, c.port());
        assertEquals("0.0.0.0", c.host());
        assertEquals(1024, c.hub().limits().maxMessageBytes());
        assertEquals(128, c.hub().limits().maxChannelsPerConnection());
    }

    @Test
    void namespacesInTheFileReplaceTheDefaultOnesAndFillMissingOptions() {
        HubConfig hub = load("{\"namespaces\":{\"orders\":{\"historySize\":10,\"historyTtlSeconds\":60}}}", Map.of()).hub();
        assertFalse(hub.namespaces().containsKey("chat"));
        NamespaceConfig orders = hub.namespaces().get("orders");
        assertEquals(10, orders.historySize());
        assertEquals(PublishPolicy.SERVER, orders.publish());
        assertFalse(orders.presence());
        assertTrue(hub.namespaces().containsKey(""), "the default namespace always exists");
    }

    @Test
    void environmentOverridesEveryKey() {
        HeraldConfig c = load("{}", Map.of("HERALD_SERVER_PORT", "0", "HERALD_LIMITS_MAX_MESSAGE_BYTES", "2048",
                "HERALD_NAMESPACES_CHAT_HISTORY_SIZE", "7", "HERALD_ALLOW_ANONYMOUS", "false",
                "HERALD_API_KEYS", "aaaaaaaaaaaaaaaa1,bbbbbbbbbbbbbbbb2", "HERALD_DEFAULT_NAMESPACE_PUBLISH", "clients"));
        assertEquals(0, c.port());
        assertEquals(2048, c.hub().limits().maxMessageBytes());
        assertEquals(7, c.hub().namespaces().get("chat").historySize());
        assertFalse(c.hub().allowAnonymous());
        assertEquals(2, c.hub().apiKeys().size());
        assertEquals(PublishPolicy.CLIENTS, c.hub().namespaces().get("").publish());
    }

    @Test
    void envNamesFollowThePath() {
        assertEquals("HERALD_LIMITS_MAX_MESSAGE_BYTES", ConfigLoader.envName("limits.maxMessageBytes"));
        assertEquals("HERALD_NAMESPACES_CHAT_HISTORY_SIZE", ConfigLoader.envName("namespaces.chat.historySize"));
    }

    @Test
    void invalidConfigNamesTheKey() {
        assertTrue(failure("{\"limits\":{\"maxMesageBytes\":1}}", Map.of()).contains("limits.maxMesageBytes"));
        assertTrue(failure("{\"server\":{\"port\":\"80\"}}", Map.of()).contains("server.port"));
        assertTrue(failure("{\"server\":{\"port\":70000}}", Map.of()).contains("server.port"));
        assertTrue(failure("{\"namespaces\":{\"x\":{\"publish\":\"everyone\"}}}", Map.of()).contains("namespaces.x.publish"));
        assertTrue(failure("{\"namespaces\":{\"x\":{\"colour\":1}}}", Map.of()).contains("namespaces.x.colour"));
        assertTrue(failure("{\"namespaces\":{\"a:b\":{}}}", Map.of()).contains("namespaces.a:b"));
        assertTrue(failure("{\"apiKeys\":[\"short\"]}", Map.of()).contains("apiKeys[0]"));
        assertTrue(failure("{\"limits\":{\"maxMessageBytes\":1.5}}", Map.of()).contains("limits.maxMessageBytes"));
        assertTrue(failure("{}", Map.of("HERALD_SERVER_PORT", "eighty")).contains("HERALD_SERVER_PORT"));
        assertTrue(failure("{}", Map.of("HERALD_ALLOW_ANONYMOUS", "yes")).contains("HERALD_ALLOW_ANONYMOUS"));
        assertTrue(failure("{\"server\":", Map.of()).contains("malformed JSON"));
        assertTrue(failure("[]", Map.of()).contains("top level"));
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.json"), Map.of()));
        assertTrue(e.getMessage().contains("nope.json"));
        Path file = dir.resolve("herald.json");
        Files.writeString(file, "{\"statsChannel\":\"\"}");
        assertEquals("", ConfigLoader.load(file, Map.of()).hub().statsChannel());
    }
}
