package io.herald.config;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md, defaults.json and the typed config tree must agree key for key: every key is
 * read by a section record, documented with its default, and nothing is documented that does not exist.
 */
class ConfigDocumentationTest {
    private static final Pattern TICKED = Pattern.compile("`([A-Za-z][A-Za-z.*]*)`");
    private static final Set<String> NAMESPACE_MAPS = Set.of("defaultNamespace", "namespaces");

    private static String doc(String name) throws IOException {
        return Files.readString(Path.of("docs/" + name));
    }

    @Test
    void theDocumentedJsonIsExactlyTheBuiltInDefaults() throws IOException {
        String doc = doc("configuration.md");
        int start = doc.indexOf("```json\n") + "```json\n".length();
        JsonObject documented = Json.createReader(new StringReader(doc.substring(start, doc.indexOf("```", start))))
                .readObject();
        assertEquals(JsonTree.resource("defaults.json"), documented);
    }

    @Test
    void everyKeyIsReadIntoTheTypedTree() {
        JsonObject tree = JsonTree.merge(JsonTree.resource("defaults.json"),
                Json.createObjectBuilder().add("broker", "redis").build(), "", Set.of()); // so redis.* is read too
        Set<String> read = new HashSet<>();
        HeraldConfig.from(new ConfigNode(tree, "", read));
        Set<String> unread = new TreeSet<>(leaves(tree, ""));
        unread.removeAll(read);
        assertEquals(Set.of(), unread, "keys in defaults.json that no section record reads");
    }

    @Test
    void everyKeyHasARowAndEveryRowNamesAKey() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String leaf : leaves(JsonTree.resource("defaults.json"), "")) {
            if (!NAMESPACE_MAPS.contains(leaf.substring(0, leaf.indexOf('.') < 0 ? leaf.length() : leaf.indexOf('.')))) {
                keys.add(leaf);
            }
        }
        Set<String> covered = new TreeSet<>();
        String security = doc("security.md");
        for (String row : rows(doc("configuration.md"), "| key | meaning |")) {
            Matcher m = TICKED.matcher(row.substring(0, row.indexOf('|', 1)));
            while (m.find()) {
                String named = m.group(1);
                if (named.endsWith(".*")) { // a whole section explained in docs/security.md
                    String prefix = named.substring(0, named.length() - 1);
                    List<String> under = keys.stream().filter(k -> k.startsWith(prefix)).toList();
                    assertTrue(!under.isEmpty(), "documented section " + named + " has no keys");
                    for (String key : under) {
                        assertTrue(security.contains("`" + key + "`"), "docs/security.md explains " + key);
                        covered.add(key);
                    }
                } else {
                    assertTrue(keys.contains(named), "documented key " + named + " exists in defaults.json");
                    covered.add(named);
                }
            }
        }
        assertEquals(keys, covered, "every key has a row in docs/configuration.md");
    }

    @Test
    void everyNamespaceOptionHasARowWithItsDefault() throws IOException {
        JsonObject shape = JsonTree.resource("namespace-defaults.json");
        assertEquals(shape.keySet(), JsonTree.resource("defaults.json").getJsonObject("defaultNamespace").keySet());
        Map<String, String> documented = new TreeMap<>();
        for (String row : rows(doc("configuration.md"), "| option | default in a listed namespace | meaning |")) {
            String[] cells = row.split("\\|");
            documented.put(cells[1].trim().replace("`", ""), cells[2].trim().replace("`", ""));
        }
        Map<String, String> defaults = new TreeMap<>();
        for (Map.Entry<String, JsonValue> e : shape.entrySet()) {
            defaults.put(e.getKey(), e.getValue() instanceof JsonString s ? s.getString() : e.getValue().toString());
        }
        assertEquals(defaults, documented);
    }

    /** The rows of the markdown table under {@code header}, without the separator line. */
    private static List<String> rows(String doc, String header) {
        int at = doc.indexOf(header);
        assertTrue(at >= 0, "table " + header);
        List<String> rows = new ArrayList<>();
        for (String line : doc.substring(at).split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            if (!line.startsWith(header) && !line.startsWith("|---")) {
                rows.add(line);
            }
        }
        return rows;
    }

    private static List<String> leaves(JsonObject node, String path) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonValue> e : node.entrySet()) {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (e.getValue() instanceof JsonObject child) {
                out.addAll(leaves(child, key));
            } else {
                out.add(key);
            }
        }
        return out;
    }
}
