package io.herald.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The design's layering rule: the hub (and its engines) never import a container or JSON API. */
class HubImportRuleTest {

    @Test
    void hubPackagesImportNothingFromJakarta() throws IOException {
        Path hub = Path.of("src/main/java/io/herald/hub");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(hub)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readAllLines(p).stream().anyMatch(l -> l.startsWith("import jakarta.")
                            || l.startsWith("import io.herald.websocket") || l.startsWith("import io.herald.http")
                            || l.startsWith("import io.herald.standalone") || l.startsWith("import io.herald.bootstrap"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertFalse(Files.notExists(hub));
        assertEquals(List.of(), offenders);
    }
}
