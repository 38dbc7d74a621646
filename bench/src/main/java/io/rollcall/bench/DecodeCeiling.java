package io.rollcall.bench;

import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decode-only ceiling: how many times a second {@link ReportCodec#decode} takes one gzipped full report apart
 * (inflate, parse, validate), on one thread and on N, with no network and no store. Ingest cannot beat it, so a run
 * states its ingest rate as a fraction of it.
 */
final class DecodeCeiling {
    record Figures(double oneThread, int threads, double nThreads) {
        /** The line scripts read ({@code bench/ingest-ratio.sh} greps it). */
        String line() {
            return String.format(java.util.Locale.ROOT, "decode-only ceiling (ReportCodec.decode, same full report, "
                    + "no network): 1 thread %.0f/s, %d threads %.0f/s", oneThread, threads, nThreads);
        }
    }

    private DecodeCeiling() {
    }

    /** Warms up for {@code seconds}, then measures {@code seconds} on 1 thread and {@code seconds} on {@code threads}. */
    static Figures measure(byte[] gzippedReport, int threads, double seconds) throws InterruptedException {
        run(gzippedReport, threads, seconds); // JIT warm-up, not counted
        double one = run(gzippedReport, 1, seconds);
        double n = threads == 1 ? one : run(gzippedReport, threads, seconds);
        return new Figures(one, threads, n);
    }

    /** Decodes per second over {@code seconds} on {@code threads} threads. */
    private static double run(byte[] body, int threads, double seconds) throws InterruptedException {
        LongAdder decoded = new LongAdder();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> ts = new ArrayList<>();
        RuntimeException[] failed = new RuntimeException[1];
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                ReportCodec codec = new ReportCodec(Clock.systemUTC());
                try {
                    while (System.nanoTime() < end) {
                        codec.decode(body, "gzip");
                        decoded.increment();
                    }
                } catch (WireException e) {
                    failed[0] = new IllegalStateException("the ceiling's report does not decode: " + e.getMessage(), e);
                }
            }, "decode-ceiling-" + t);
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return decoded.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
