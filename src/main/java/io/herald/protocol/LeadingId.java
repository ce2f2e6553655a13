package io.herald.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a command's {@code id} in text the JSON parser refused (too deep, truncated, trailing garbage),
 * so the error reply still names the command and the client's promise for it settles at once instead
 * of waiting for its timeout. Clients write {@code id} first or after a few scalar fields
 * ({@code "type"}, {@code "channel"}), so only those are skipped, and only in the first
 * {@value #SCAN_CHARS} characters: the scan is bounded whatever the message.
 */
final class LeadingId {
    static final int SCAN_CHARS = 512;
    private static final long MAX_ID = 9_007_199_254_740_991L; // 2^53-1, as CommandParser
    private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*+\"";
    private static final String SCALAR = "(?:" + STRING + "|[-+.0-9eE]++|true|false|null)";
    private static final Pattern ID = Pattern.compile(
            "\\A\\s*+\\{\\s*+(?:(?!\"id\")" + STRING + "\\s*+:\\s*+" + SCALAR + "\\s*+,\\s*+)*+\"id\"\\s*+:\\s*+([0-9]{1,16})(?![0-9.eE])");

    private LeadingId() {
    }

    /** @return the id, or 0 (no id) when none can be read in the scanned prefix or it is out of range */
    static long scan(String text) {
        Matcher m = ID.matcher(text.length() <= SCAN_CHARS ? text : text.substring(0, SCAN_CHARS));
        if (!m.find()) {
            return 0;
        }
        long id = Long.parseLong(m.group(1));
        return id > 0 && id <= MAX_ID ? id : 0;
    }
}
