package io.herald.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The design's layering rule as an allow-list: the hub imports only the JDK; each engine the JDK, the
 * hub's own SPI types (not another engine) and its one client library. A new package under the hub must
 * add its line here.
 */
class HubImportRuleTest {
    private static final Path HUB = Path.of("src/main/java/io/herald/hub");
    /** A class of the hub package itself (and its nested types), never a subpackage. */
    private static final String HUB_SPI = "io\\.herald\\.hub\\.[A-Z]\\w*(\\.\\w+)*";
    private static final Map<String, Pattern> ALLOWED = Map.of(
            "io.herald.hub", Pattern.compile("java\\..+"),
            "io.herald.hub.memory", Pattern.compile("java\\..+|" + HUB_SPI),
            "io.herald.hub.redis", Pattern.compile("java\\..+|" + HUB_SPI + "|io\\.lettuce\\..+"));
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;");

    @Test
    void hubPackagesImportOnlyWhatTheirAllowListNames() throws IOException {
        List<String> offenders = new ArrayList<>();
        TreeSet<String> packages = new TreeSet<>();
        for (Path file : sources()) {
            String pkg = null;
            for (String line : Files.readAllLines(file)) {
                Matcher p = PACKAGE.matcher(line);
                if (p.find()) {
                    pkg = p.group(1);
                    packages.add(pkg);
                }
                Matcher m = IMPORT.matcher(line);
                if (m.find()) {
                    Pattern allowed = ALLOWED.get(pkg);
                    if (allowed == null || !allowed.matcher(m.group(1)).matches()) {
                        offenders.add(HUB.relativize(file) + ": " + m.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
        assertEquals(new TreeSet<>(ALLOWED.keySet()), packages, "every hub package has an allow-list, and only those");
    }

    @Test
    void hubSourcesNameNoContainerTypeEvenFullyQualified() throws IOException {
        List<String> offenders = new ArrayList<>();
        Pattern banned = Pattern.compile("\\b(jakarta|javax|org\\.glassfish|org\\.apache)\\.\\w+|io\\.herald\\."
                + "(websocket|http|standalone|bootstrap|protocol|security|config|metrics)\\b");
        for (Path file : sources()) {
            for (String line : Files.readAllLines(file)) {
                String code = line.strip();
                if (!code.startsWith("*") && !code.startsWith("/") && banned.matcher(code).find()) {
                    offenders.add(HUB.relativize(file) + ": " + code);
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(HUB)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
