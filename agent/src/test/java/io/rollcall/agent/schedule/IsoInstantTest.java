package io.rollcall.agent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
    @Test
    void writesWhatInstantToStringWritesAndReadsItBackForAnyInstantFrom1970To2400() {
        Random r = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            long secs = (long) (r.nextDouble() * 13_569_465_600L); // up to 2400-01-01
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(secs, nanos);
            assertEquals(t.toString(), IsoInstant.format(t));
            assertEquals(t, IsoInstant.parse(t.toString()));
        }
        assertEquals(Instant.parse("2028-02-29T23:59:59Z"), IsoInstant.parse("2028-02-29T23:59:59Z"));
        assertEquals(Instant.parse("2026-12-06T04:00:03.25Z"), IsoInstant.parse("2026-12-06T04:00:03.25Z"));
    }

    @Test
    void refusesWhatIsNotAnInstantSayingWhy() {
        for (String bad : new String[] {"", "tomorrow", "2026-12-06 04:00:03Z", "2026-12-06T04:00:03",
                "2026-13-06T04:00:03Z", "2027-02-29T04:00:03Z", "2026-12-06T24:00:03Z", "2026-12-06T04:00:03.Z",
                "2026-12-06T04:00:03.1234567890Z", "2026-12-O6T04:00:03Z", "2026-12-06T04:00:03+01:00"}) {
            assertThrows(IllegalArgumentException.class, () -> IsoInstant.parse(bad), bad);
        }
    }
}
