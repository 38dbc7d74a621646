package io.rollcall.common.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedUuidTest {
    @Test
    void isVersion7OfTheVariantOfRfc9562AndCarriesItsMillisecond() {
        long t = 1_796_000_000_123L; // 2026-12-01
        UUID id = TimeOrderedUuid.at(t);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(t, TimeOrderedUuid.millisOf(id));
        // the text form starts with the 48-bit time in hex
        assertTrue(id.toString().startsWith(String.format("%08x-%04x-7", t >>> 16, t & 0xffff)), id.toString());
    }

    @Test
    void idsOfLaterMillisecondsSortAfterAsUnsignedBytesAndTheirTextDoes() {
        List<UUID> made = new ArrayList<>();
        // across the sign bit of the first long too (2^47 ms): compared unsigned, as PostgreSQL and H2 compare them
        for (long t : new long[] {1L, 1_796_000_000_000L, (1L << 47) - 1, 1L << 47, (1L << 48) - 1}) {
            made.add(TimeOrderedUuid.at(t));
        }
        for (int i = 1; i < made.size(); i++) {
            assertTrue(Long.compareUnsigned(made.get(i - 1).getMostSignificantBits(),
                    made.get(i).getMostSignificantBits()) < 0);
            assertTrue(made.get(i - 1).toString().compareTo(made.get(i).toString()) < 0);
        }
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(TimeOrderedUuid.at(1_796_000_000_000L)));
        }
        assertNotEquals(TimeOrderedUuid.next(), TimeOrderedUuid.next());
    }

    @Test
    void refusesTimesOutsideFortyEightBitsAndOtherVersions() {
        assertThrows(IllegalArgumentException.class, () -> TimeOrderedUuid.at(-1));
        assertThrows(IllegalArgumentException.class, () -> TimeOrderedUuid.at(1L << 48));
        assertEquals("not a version 7 UUID: 00000000-0000-4000-8000-000000000000", assertThrows(
                IllegalArgumentException.class,
                () -> TimeOrderedUuid.millisOf(UUID.fromString("00000000-0000-4000-8000-000000000000"))).getMessage());
    }
}
