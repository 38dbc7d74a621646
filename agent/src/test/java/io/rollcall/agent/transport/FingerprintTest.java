package io.rollcall.agent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FingerprintTest {
    private static final String HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void colonsCaseAndSpacesDoNotMatter() {
        String colons = Fingerprint.parse(HEX).toString();
        assertEquals(Fingerprint.parse(HEX), Fingerprint.parse(colons));
        assertEquals(Fingerprint.parse(HEX), Fingerprint.parse(" " + HEX.toUpperCase() + " "));
    }

    @Test
    void aWrongLengthIsRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse("abc123"));
        assertTrue(e.getMessage().contains("'abc123'"), e.getMessage());
    }
}
