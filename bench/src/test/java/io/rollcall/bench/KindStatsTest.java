package io.rollcall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drain times and percentiles from send and answer times the test chooses (nanoTime readings, no sleeping). */
class KindStatsTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final CollectorClient.Resp ACK = new CollectorClient.Resp(202, "", null);

    @Test
    void theFirstReportsDrainFromTheFirstSentToTheLastAcknowledged() {
        KindStats first = new KindStats("first");
        long t0 = 5_000 * S; // nanoTime has an arbitrary origin
        first.record(ACK, null, t0 + 2 * S, t0 + 3 * S);
        first.record(ACK, null, t0, t0 + 1 * S);              // sent first
        first.record(ACK, null, t0 + 9 * S, t0 + 12 * S);     // acknowledged last
        first.record(new CollectorClient.Resp(500, "x", null), null, t0 + 10 * S, t0 + 20 * S); // answered later, no ack
        first.record(null, new RuntimeException("reset"), t0 + 11 * S, t0 + 25 * S);
        assertEquals(12.0, first.ackDrainSeconds(), 1e-9);
        assertEquals(25.0, KindStats.drainSeconds(first), 1e-9, "every answer counts for 'all answered'");
        assertEquals(5, first.sent.sum());
        assertEquals(3, first.accepted.sum());
        assertEquals(Map.of(500, 1L), first.non202());
        assertEquals(1, first.errors.sum());
    }

    @Test
    void theMixDrainsFromItsFirstSendOverAllKindsToItsLastAnswer() {
        KindStats full = new KindStats("full");
        KindStats delta = new KindStats("delta");
        KindStats heartbeat = new KindStats("heartbeat");
        assertEquals(0.0, KindStats.drainSeconds(full, delta, heartbeat), "nothing sent: no drain");
        delta.record(ACK, null, 100 * S, 100 * S + 40 * MS);
        full.record(ACK, null, 101 * S, 104 * S);
        heartbeat.record(ACK, null, 103 * S, 103 * S + 5 * MS);
        assertEquals(4.0, KindStats.drainSeconds(full, delta, heartbeat), 1e-9);
        KindStats all = KindStats.merged("mix-all", full, delta, heartbeat);
        assertEquals(4.0, KindStats.drainSeconds(all), 1e-9);
        assertEquals(3, all.accepted.sum());
        assertEquals(3000.0, all.maxMs(), 3.0);
        assertEquals(40.0, all.percentileMs(50), 0.1);
        assertEquals(5.0, all.percentileMs(1), 0.01);
    }

    @Test
    void percentilesOfManyAnswersComeFromAFixedSizeHistogram() {
        KindStats k = new KindStats("heartbeat");
        // 1,000,000 answers: 990,000 at 10 ms, 10,000 at 2 s
        for (int i = 0; i < 1_000_000; i++) {
            long latency = i % 100 == 0 ? 2 * S : 10 * MS;
            k.record(ACK, null, i, i + latency);
        }
        assertEquals(10.0, k.percentileMs(50), 0.01);
        assertEquals(10.0, k.percentileMs(98.9), 0.01);
        assertEquals(2000.0, k.percentileMs(99.5), 2.0);
        assertEquals(2000.0, k.maxMs(), 2.0);
        // an answer beyond the histogram's range is kept at its top rather than lost or thrown
        k.record(ACK, null, 0, (KindStats.MAX_MINUTES + 5) * 60 * S);
        assertEquals(KindStats.MAX_MINUTES * 60_000.0, k.maxMs(), KindStats.MAX_MINUTES * 60.0);
    }
}
