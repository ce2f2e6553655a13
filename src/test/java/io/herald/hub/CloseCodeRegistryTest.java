package io.herald.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java and the browser client's close-code registries must agree entry for entry. */
class CloseCodeRegistryTest {
    private static final Pattern ENTRY = Pattern.compile(
            "^\\s*(\\d{4}):\\s*\\{\\s*name:\\s*'([a-z_]+)',\\s*reconnect:\\s*(true|false)\\s*},?\\s*$", Pattern.MULTILINE);

    @Test
    void browserRegistryMatchesTheServers() throws IOException {
        String js = Files.readString(Path.of("webapp-client/src/codes.js"));
        Map<Integer, String> browser = new TreeMap<>();
        Matcher m = ENTRY.matcher(js);
        while (m.find()) {
            browser.put(Integer.parseInt(m.group(1)), m.group(2) + "/" + m.group(3));
        }
        Map<Integer, String> server = new TreeMap<>();
        for (CloseCode code : CloseCode.values()) {
            server.put(code.code(), code.wireName() + "/" + code.reconnect());
        }
        assertEquals(server, browser);
    }

    @Test
    void protocolDocumentListsEveryCode() throws IOException {
        String doc = Files.readString(Path.of("docs/protocol.md"));
        for (CloseCode code : CloseCode.values()) {
            Matcher row = Pattern.compile("\\| " + code.code() + " \\| " + code.wireName() + " \\| "
                    + (code.reconnect() ? "yes" : "no") + " \\|").matcher(doc);
            assertEquals(true, row.find(), "docs/protocol.md row for " + code);
        }
        for (ErrorCode error : ErrorCode.values()) {
            if (error.httpStatus() < 500 || error == ErrorCode.UNAVAILABLE || error == ErrorCode.INTERNAL) {
                assertEquals(true, doc.contains("`" + error.wireName() + "`")
                        || Files.readString(Path.of("docs/http-api.md")).contains("`" + error.wireName() + "`"),
                        "error code documented: " + error.wireName());
            }
        }
    }
}
