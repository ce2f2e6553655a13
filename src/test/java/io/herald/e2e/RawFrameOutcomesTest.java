package io.herald.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw-frame outcome table in docs/security.md has exactly the suite's cases and targets, and only known outcomes. */
class RawFrameOutcomesTest {
    private static final RawFrameOutcomes TABLE = RawFrameOutcomes.load();

    @Test
    void theTableHasARowForEveryCaseOfTheSuiteAndNoOther() {
        assertEquals(new TreeSet<>(RawFrameConformance.ROWS), new TreeSet<>(TABLE.rowNames()));
    }

    @Test
    void theTableHasAColumnForEveryTargetTheBuildRuns() {
        assertEquals(List.of("standalone", "tomcat11", "tomcat10", "glassfish7", "glassfish8"), TABLE.targets());
    }

    @Test
    void everyCellIsOneRfcFailureCodeOrOneNamedOutcome() {
        Set<String> allowed = Set.of("1002", "1007", "1009", "1011", "echo", "dropped", "accepted");
        for (String row : RawFrameConformance.ROWS) {
            for (String target : TABLE.targets()) {
                String cell = TABLE.expected(row, target);
                assertTrue(allowed.contains(cell), row + " / " + target + ": " + cell);
            }
        }
    }

    @Test
    void onlyTheUnmaskedCaseMayBeAcceptedAndNeverOnStandalone() {
        for (String row : RawFrameConformance.ROWS) {
            for (String target : TABLE.targets()) {
                if ("accepted".equals(TABLE.expected(row, target))) {
                    assertEquals("unmasked text frame", row, target);
                    assertTrue(target.startsWith("glassfish"), "documented only for GlassFish's Tyrus: " + target);
                }
            }
        }
    }
}
