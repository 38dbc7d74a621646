package io.rollcall.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What happened to the reports of one kind: sent, acknowledged (202), other statuses, transport errors, latencies. */
final class KindStats {
    final String name;
    final LongAdder sent = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder errors = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final long[] latencies;
    private final AtomicInteger latCount = new AtomicInteger();

    KindStats(String name, int maxLatencies) {
        this.name = name;
        this.latencies = new long[maxLatencies];
    }

    /** Records one answer; prints the first few failures of each status to stderr. */
    void record(CollectorClient.Resp resp, Throwable failure, long nanos) {
        sent.increment();
        if (resp == null) {
            errors.increment();
            if (errors.sum() <= 3) {
                System.err.println(name + ": request failed: " + failure);
            }
            return;
        }
        if (resp.status() == 202) {
            accepted.increment();
            int k = latCount.getAndIncrement();
            if (k < latencies.length) {
                latencies[k] = nanos;
            }
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
        long[] sorted = sortedLatencies();
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    double maxMs() {
        long[] sorted = sortedLatencies();
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
    }

    private long[] sortedLatencies() {
        long[] l = Arrays.copyOf(latencies, Math.min(latCount.get(), latencies.length));
        Arrays.sort(l);
        return l;
    }
}
