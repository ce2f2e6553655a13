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
        assertEquals(8080, c.server().port());
        assertEquals("0.0.0.0", c.server().host());
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
        assertEquals(9000, c.server().port());
        assertEquals("0.0.0.0", c.server().host());
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
        assertEquals(0, c.server().port());
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
    void everyKeyErrorSaysKeyValueAndWhatIsAllowed() {
        assertEquals("config key 'server.port' is 70000; allowed: an integer from 0 to 65535",
                failure("{\"server\":{\"port\":70000}}", Map.of()));
        assertEquals("config key 'server.port' (set by HERALD_SERVER_PORT) is \"eighty\"; allowed: an integer",
                failure("{}", Map.of("HERALD_SERVER_PORT", "eighty")));
        assertEquals("config key 'defaultNamespace.publish' is \"everyone\"; allowed: one of subscribers, clients,"
                + " server", failure("{\"defaultNamespace\":{\"publish\":\"everyone\"}}", Map.of()));
        assertEquals("config key 'security.adminKeys[0]' is a string of 5 characters; allowed: a string of at least"
                + " 16 characters", failure("{\"security\":{\"adminKeys\":[\"short\"]}}", Map.of()));
        assertEquals("config key 'shutdownDrainSeconds' is 301; allowed: an integer from 0 to 300",
                failure("{\"shutdownDrainSeconds\":301}", Map.of()));
        assertEquals("config key 'limits.maxMessageBytes' is a string; allowed: a number",
                failure("{\"limits\":{\"maxMessageBytes\":\"1\"}}", Map.of()));
    }

    @Test
    void everySectionIsParsedOnceIntoTypedRecords() {
        HeraldConfig c = load("""
                {"security": {"allowedOrigins": ["https://a.example"], "handshakeTimeoutSeconds": 3},
                 "auth": {"hmacSecret": "0123456789abcdef0123456789abcdef", "clockSkewSeconds": 7},
                 "metrics": {"enabled": false}, "shutdownDrainSeconds": 0,
                 "limits": {"newConnectionsPerSecondPerIp": 5}}
                """, Map.of());
        assertEquals(java.util.List.of("https://a.example"), c.security().allowedOrigins());
        assertEquals(Duration.ofSeconds(3), c.security().handshakeTimeout());
        assertEquals(5, c.security().newConnectionsPerSecondPerIp());
        assertTrue(c.auth().configured());
        assertEquals(Duration.ofSeconds(7), c.auth().clockSkew());
        assertFalse(c.ops().metricsEnabled());
        assertEquals(Duration.ZERO, c.ops().shutdownDrain());
        assertEquals(EngineConfig.Broker.MEMORY, c.engine().broker());
        assertTrue(c.engine().redis().isEmpty(), "a memory node does not read the redis section");
        assertFalse(c.server().tls().enabled());
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
