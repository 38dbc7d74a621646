package io.rollcall.agent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    @Test
    void theCeilingDoublesFromFiveSecondsUpToOneHour() {
        Backoff b = Backoff.standard(clock);
        assertEquals(Duration.ofSeconds(5), b.ceiling(1));
        assertEquals(Duration.ofSeconds(10), b.ceiling(2));
        assertEquals(Duration.ofSeconds(40), b.ceiling(4));
        assertEquals(Duration.ofSeconds(2560), b.ceiling(10));
        assertEquals(Duration.ofHours(1), b.ceiling(11));
        assertEquals(Duration.ofHours(1), b.ceiling(10_000));
    }

    @Test
    void everyWaitIsWithinZeroAndTheCeilingAndWaitsAreSpreadOut() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1), new Random(42), clock);
        Set<Long> seen = new HashSet<>();
        for (int i = 1; i <= 40; i++) {
            Duration wait = b.failed();
            Duration ceiling = b.ceiling(i);
            assertTrue(!wait.isNegative() && wait.compareTo(ceiling) <= 0,
                    String.format("failure %d waited %s, ceiling %s", i, wait, ceiling));
            seen.add(wait.toMillis());
        }
        assertTrue(seen.size() > 30, "full jitter should rarely repeat a wait, saw " + seen.size() + " distinct");
    }

    @Test
    void waitsGrowOnAverageWithConsecutiveFailures() {
        long early = 0;
        long late = 0;
        for (int run = 0; run < 200; run++) {
            Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1), new Random(run), clock);
            early += b.failed().toMillis();
            for (int i = 2; i < 8; i++) {
                b.failed();
            }
            late += b.failed().toMillis();
        }
        assertTrue(late > early * 20, String.format("average after 8 failures %d ms vs after 1: %d ms", late / 200, early / 200));
    }

    @Test
    void notReadyUntilTheWaitHasPassedAndSuccessResets() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1), new Random(7), clock);
        assertTrue(b.ready(T0));
        Duration wait = b.failed(T0);
        if (!wait.isZero()) {
            assertFalse(b.ready(T0));
        }
        assertTrue(b.ready(T0.plus(wait)));
        b.failed(T0);
        b.succeeded();
        assertEquals(0, b.failures());
        assertTrue(b.ready(T0));
        assertNotEquals(Duration.ZERO, b.ceiling(1));
    }
}
