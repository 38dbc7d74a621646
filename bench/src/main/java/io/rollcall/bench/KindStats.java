package io.rollcall.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What happened to the reports of one kind: sent, acknowledged (202), other statuses, transport errors, latencies of
 * the 202s, and when the first was sent and the last answered (the drain).
 *
 * <p>Latencies go to an HdrHistogram (microseconds, 3 significant digits, up to {@value #MAX_MINUTES} minutes): its size
 * is fixed whatever the count, so a 100,000-device storm's millions of answers fit in a few hundred KB per kind.
 */
final class KindStats {
    static final int MAX_MINUTES = 60;
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(MAX_MINUTES);

    final String name;
    final LongAdder sent = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder errors = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Histogram latencies;
    private final AtomicLong firstSent = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAnswered = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastAccepted = new AtomicLong(Long.MIN_VALUE);

    KindStats(String name) {
        this(name, new ConcurrentHistogram(1, MAX_MICROS, 3));
    }

    private KindStats(String name, Histogram latencies) {
        this.name = name;
        this.latencies = latencies;
    }

    /** Records one answer; {@code sentAt}/{@code answeredAt} are {@link System#nanoTime} readings. */
    void record(CollectorClient.Resp resp, Throwable failure, long sentAt, long answeredAt) {
        sent.increment();
        firstSent.accumulateAndGet(sentAt, Math::min);
        lastAnswered.accumulateAndGet(answeredAt, Math::max);
        if (resp == null) {
            errors.increment();
            if (errors.sum() <= 3) {
                System.err.println(name + ": request failed: " + failure);
            }
            return;
        }
        if (resp.status() == 202) {
            accepted.increment();
            lastAccepted.accumulateAndGet(answeredAt, Math::max);
            long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(answeredAt - sentAt));
            latencies.recordValue(Math.min(micros, MAX_MICROS));
            return;
        }
        LongAdder n = byStatus.computeIfAbsent(resp.status(), x -> new LongAdder());
        n.increment();
        if (n.sum() <= 3) {
            System.err.println(name + ": HTTP " + resp.status() + ": " + resp.body());
        }
    }

    /** Non-202 answers by status. */
    Map<Integer, Long> non202() {
        Map<Integer, Long> out = new TreeMap<>();
        byStatus.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long non202Total() {
        return non202().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Latency percentile of the 202s in milliseconds (0 when none). */
    double percentileMs(double p) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(p) / 1e3;
    }

    double maxMs() {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getMaxValue() / 1e3;
    }

    /**
     * Seconds from the first report of {@code kinds} sent to the last one answered (202 or not), 0 when none was sent:
     * how long the collector took to answer everything the phase sent.
     */
    static double drainSeconds(KindStats... kinds) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (KindStats k : kinds) {
            first = Math.min(first, k.firstSent.get());
            last = Math.max(last, k.lastAnswered.get());
        }
        return first == Long.MAX_VALUE || last < first ? 0 : (last - first) / 1e9;
    }

    /** Seconds from the first report of this kind sent to the last one acknowledged (202), 0 when none was. */
    double ackDrainSeconds() {
        long first = firstSent.get();
        long last = lastAccepted.get();
        return first == Long.MAX_VALUE || last < first ? 0 : (last - first) / 1e9;
    }

    /** All of {@code parts} as one kind {@code name}: counts added, latencies merged, first/last send and answer kept. */
    static KindStats merged(String name, KindStats... parts) {
        KindStats m = new KindStats(name, new Histogram(1, MAX_MICROS, 3));
        for (KindStats k : parts) {
            m.sent.add(k.sent.sum());
            m.accepted.add(k.accepted.sum());
            m.errors.add(k.errors.sum());
            k.byStatus.forEach((s, n) -> m.byStatus.computeIfAbsent(s, x -> new LongAdder()).add(n.sum()));
            m.latencies.add(k.latencies);
            m.firstSent.accumulateAndGet(k.firstSent.get(), Math::min);
            m.lastAnswered.accumulateAndGet(k.lastAnswered.get(), Math::max);
            m.lastAccepted.accumulateAndGet(k.lastAccepted.get(), Math::max);
        }
        return m;
    }
}
