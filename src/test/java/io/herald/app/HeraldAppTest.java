package io.herald.app;

import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeraldAppTest {

    @Test
    void withNoApiKeyConfiguredTheAppRunsWithAGeneratedOneEverywhere() {
        try (HeraldApp app = HeraldApp.start(HeraldConfig.defaults())) {
            assertEquals(1, app.config().hub().apiKeys().size());
            assertEquals(app.config().hub().apiKeys(), app.hub().config().apiKeys());
            assertTrue(app.config().hub().apiKeys().get(0).length() >= 16);
        }
    }

    @Test
    void closeClosesOwnedComponentsOnceInReverseOrder() {
        StringBuilder order = new StringBuilder();
        AtomicInteger closes = new AtomicInteger();
        HeraldApp app = HeraldApp.start(ConfigLoader.load(new StringReader("{\"apiKeys\":[\"0123456789abcdef\"]}"),
                "test", Map.of()));
        app.own(() -> {
            order.append("first");
            closes.incrementAndGet();
        });
        app.own(() -> order.append("second,"));
        app.close();
        app.close();
        assertEquals("second,first", order.toString());
        assertEquals(1, closes.get());
    }

    @Test
    void theEndpointListIsExactlyTheAnnotatedEndpoints() throws IOException {
        Set<String> annotated = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains("\n@ServerEndpoint(")) {
                    String name = Path.of("src/main/java").relativize(file).toString();
                    annotated.add(name.substring(0, name.length() - 5).replace('/', '.'));
                }
            }
        }
        Set<String> listed = new TreeSet<>();
        HeraldApp.ENDPOINTS.forEach(c -> listed.add(c.getName()));
        assertEquals(annotated, listed);
    }
}
