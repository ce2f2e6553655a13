package io.herald.hub;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientIdsTest {

    @Test
    void idsAreVersion4UuidsInTheirCanonicalForm() {
        for (int i = 0; i < 1000; i++) {
            String id = ClientIds.next();
            UUID parsed = UUID.fromString(id);
            assertEquals(id, parsed.toString());
            assertEquals(4, parsed.version());
            assertEquals(2, parsed.variant());
        }
    }

    @Test
    void tenThousandIdsAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(ClientIds.next()), "repeated id after " + i);
        }
    }
}
