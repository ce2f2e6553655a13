package io.herald.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-target outcome table of the raw-frame suite, read from docs/security.md (between the
 * {@code raw-frame-outcomes} markers). The suite asserts each case against its row and the running
 * target's column, so the documented table and the measured behaviour cannot drift apart.
 *
 * <p>Cells: a close code (the server answers with a close frame carrying it), {@code echo} (a close
 * frame echoing the client's code), {@code dropped} (the TCP connection ends without a close frame) or
 * {@code accepted} (the frame is processed as if valid: a documented deviation). One outcome per cell:
 * the suite asserts it exactly, so a cell cannot hedge between two.
 */
final class RawFrameOutcomes {
    static final Path DOC = Path.of("docs", "security.md");
    private static final String BEGIN = "<!-- raw-frame-outcomes:begin";
    private static final String END = "<!-- raw-frame-outcomes:end";

    private final List<String> targets;
    private final Map<String, List<String>> rows;

    private RawFrameOutcomes(List<String> targets, Map<String, List<String>> rows) {
        this.targets = targets;
        this.rows = rows;
    }

    static RawFrameOutcomes load() {
        try {
            return parse(Files.readString(DOC, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the raw-frame outcome table is read from " + DOC.toAbsolutePath(), e);
        }
    }

    static RawFrameOutcomes parse(String markdown) {
        int begin = markdown.indexOf(BEGIN);
        int end = markdown.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(DOC + " has no raw-frame-outcomes table");
        }
        List<String> lines = markdown.substring(begin, end).lines().filter(l -> l.startsWith("|")).toList();
        List<String> header = cells(lines.get(0));
        Map<String, List<String>> rows = new HashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            if (cells.size() != header.size()) {
                throw new IllegalStateException("row has " + cells.size() + " cells, header " + header.size() + ": " + line);
            }
            rows.put(cells.get(0), cells.subList(1, cells.size()));
        }
        return new RawFrameOutcomes(header.subList(1, header.size()), rows);
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return Arrays.stream(inner.split("\\|")).map(c -> c.strip().replace("`", "")).toList();
    }

    /** The documented outcome of {@code row} on {@code target}; fails when the table has none. */
    String expected(String row, String target) {
        List<String> cells = rows.get(row);
        if (cells == null) {
            throw new AssertionError(DOC + ": the raw-frame table has no row \"" + row + "\"");
        }
        int column = targets.indexOf(target);
        if (column < 0) {
            throw new AssertionError(DOC + ": the raw-frame table has no column \"" + target + "\" (has " + targets + ")");
        }
        return cells.get(column);
    }

    List<String> targets() {
        return targets;
    }

    java.util.Set<String> rowNames() {
        return rows.keySet();
    }
}
