package io.herald.release;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One version for everything: the pom's version is what the WAR reports (--version, /api/info, the
 * build-info metric: ExecutableWarIT and StandaloneStopIT check those), what the client package says,
 * and what CHANGELOG.md is working towards.
 */
class OneVersionTest {

    @Test
    void theClientPackageHasThePomsVersion() throws Exception {
        JsonObject pkg = Json.createReader(new StringReader(Files.readString(Path.of("webapp-client/package.json")))).readObject();
        assertEquals(pomVersion(), pkg.getString("version"), "webapp-client/package.json version");
    }

    @Test
    void theChangelogHasASectionForThePomsVersion() throws Exception {
        String changelog = Files.readString(Path.of("CHANGELOG.md"));
        String version = pomVersion();
        String release = version.replace("-SNAPSHOT", "");
        // a snapshot is worked on under [Unreleased], on its way to the release it names
        String heading = version.endsWith("-SNAPSHOT") ? "## [Unreleased]" : "## [" + release + "]";
        assertTrue(changelog.contains(heading), "CHANGELOG.md has " + heading);
        assertTrue(changelog.contains("[" + release + "]") || version.endsWith("-SNAPSHOT"), "CHANGELOG.md names " + release);
    }

    /** The project's own version: the first {@code <version>} after the project's artifactId. */
    static String pomVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>herald</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "pom.xml names its version right after <artifactId>herald</artifactId>");
        return m.group(1);
    }
}
