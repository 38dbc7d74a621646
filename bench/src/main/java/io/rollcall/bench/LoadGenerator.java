package io.rollcall.bench;

import io.rollcall.bench.Enrolment.SimDevice;
import io.rollcall.common.id.TimeOrderedUuid;
import io.rollcall.common.report.Report;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load generator for the collector's report endpoint: enrols N simulated devices over real HTTPS
 * (trusting only the collector's CA, {@link Enrolment}), pre-builds gzipped full reports
 * ({@link ReportBodies}), then posts reports with bounded concurrency for a fixed duration and prints
 * throughput and latency, then the decode-only ceiling of the same report ({@link DecodeCeiling}).
 * {@code --mix morning} runs {@link MorningMix} instead.
 *
 * <p>Every report carries a fresh reportId, so each one is a new, durably stored report (never the
 * duplicate path). A device sends variant A of its software list for {@code --change-every} reports,
 * then B, and so on: 9 of 10 reports exercise the collector's "section unchanged" path and 1 in 10
 * the "section changed" path.
 *
 * <p>{@code --sizes} prints the raw and gzipped size of full reports of 800 / 850 / 1,000 packages
 * and exits, with no network.
 */
public final class LoadGenerator {

    public static void main(String[] args) throws Exception {
        LoadGenOptions o;
        try {
            o = LoadGenOptions.parse(args);
            if (o.help) {
                System.out.print(LoadGenOptions.HELP);
                return;
            }
            if (o.sizes) {
                printSizes();
                return;
            }
            if (o.ceilingOnly) {
                printCeiling(o);
                return;
            }
            o.requireRunnable();
        } catch (IllegalArgumentException e) {
            System.err.println("rollcall-loadgen: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        try (CollectorClient client = new CollectorClient(o)) {
            if (o.mix != null) {
                new MorningMix(o, client).run();
            } else {
                new LoadGenerator(o, client).run();
            }
        }
    }

    private final LoadGenOptions o;
    private final CollectorClient client;

    LoadGenerator(LoadGenOptions o, CollectorClient client) {
        this.o = o;
        this.client = client;
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "rollcall-loadgen: url=%s devices=%d packages=%d kind=%s concurrency=%d duration=%ds warmup=%ds http=%s%n",
                String.join(",", o.urls()), o.devices, o.packages, o.kind, o.concurrency, o.duration, o.warmup, o.http2 ? "2" : "1.1");
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        SimDevice[] devices = new Enrolment(o, client).enrolAll();
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "enrolled %d devices in %.1f s%n", devices.length, (t1 - t0) / 1e9);
        // heartbeats need no full report but the ceiling does: one template then
        ReportBodies.Variant[][] templates = ReportBodies.templates(o.kind.equals("heartbeat") ? 1 : o.templates(),
                o.packages, now);
        System.out.printf(Locale.ROOT, "pre-built %d x 2 report variants in %.1f s%n", templates.length, (System.nanoTime() - t1) / 1e9);
        printOneReportSize(now);
        measure(devices, templates);
        if (o.ceilingSeconds > 0) {
            byte[] sample = ReportBodies.body(templates[0][0], devices[0].deviceId(), UUID.randomUUID());
            DecodeCeiling.Figures c = DecodeCeiling.measure(sample, o.ceilingThreads(), o.ceilingSeconds);
            System.out.printf(Locale.ROOT, "%s; this run = %.3f x the %d-thread ceiling%n", c.line(),
                    accepted.sum() / (double) o.duration / c.nThreads(), c.threads());
        }
    }

    /** The ceiling alone, of the full report the generator sends (its first template, variant A). */
    private static void printCeiling(LoadGenOptions o) throws Exception {
        ReportBodies.Variant[][] templates = ReportBodies.templates(1, o.packages, Instant.now());
        byte[] sample = ReportBodies.body(templates[0][0], UUID.randomUUID().toString(), UUID.randomUUID());
        DecodeCeiling.Figures c = DecodeCeiling.measure(sample, o.ceilingThreads(), Math.max(1, o.ceilingSeconds));
        System.out.println(c.line());
    }

    // ---------------------------------------------------------------------------------- measure

    private final AtomicLong sequence = new AtomicLong();
    private final KindStats stats = new KindStats("reports");
    private final LongAdder accepted = new LongAdder();
    private final LongAdder fullSent = new LongAdder();
    private volatile long measureStart;
    private volatile long measureEnd;

    private void measure(SimDevice[] devices, ReportBodies.Variant[][] templates) throws Exception {
        long start = System.nanoTime();
        measureStart = start + TimeUnit.SECONDS.toNanos(o.warmup);
        measureEnd = measureStart + TimeUnit.SECONDS.toNanos(o.duration);
        CountDownLatch lanes = new CountDownLatch(o.concurrency);
        for (int l = 0; l < o.concurrency; l++) {
            client.vertx().runOnContext(v -> lane(devices, templates, lanes));
        }
        // progress every 10 s
        long lastAcc = 0;
        while (!lanes.await(10, TimeUnit.SECONDS)) {
            long acc = accepted.sum();
            long now = System.nanoTime();
            System.out.printf(Locale.ROOT, "  t=%5.1fs %s acked=%d (+%.0f/s) errors=%d%n", (now - start) / 1e9,
                    now < measureStart ? "warmup " : now < measureEnd ? "measure" : "drain  ", acc, (acc - lastAcc) / 10.0,
                    stats.errors.sum());
            lastAcc = acc;
        }
        report();
    }

    private void lane(SimDevice[] devices, ReportBodies.Variant[][] templates, CountDownLatch lanes) {
        long now = System.nanoTime();
        if (now >= measureEnd) {
            lanes.countDown();
            return;
        }
        long seq = sequence.getAndIncrement();
        int i = (int) (seq % devices.length);
        SimDevice d = devices[i];
        long nth = seq / devices.length; // this device's nth report
        byte[] body;
        boolean full = switch (o.kind) {
            case "heartbeat" -> false;
            case "mixed" -> Math.floorMod(seq * 7919, 100) < o.mixedFullPercent;
            default -> true;
        };
        if (full) {
            ReportBodies.Variant[] t = templates[i % templates.length];
            body = ReportBodies.body(((nth / o.changeEvery) % 2 == 0) ? t[0] : t[1], d.deviceId(), TimeOrderedUuid.next());
        } else {
            body = ReportBodies.heartbeat(d.uuid(), Instant.now());
        }
        long t = System.nanoTime();
        boolean counted = t >= measureStart;
        client.post(o.nodeOf(i), "/api/v1/reports", Buffer.buffer(body), d.authorization(), true).onComplete(ar -> {
            // Count a request in the window if it was sent inside it (those in flight at the end drain and count too).
            if (counted) {
                stats.record(ar.succeeded() ? ar.result() : null, ar.cause(), t, System.nanoTime());
                if (full) {
                    fullSent.increment();
                }
                if (ar.succeeded() && ar.result().status() == 202) {
                    accepted.increment();
                }
            }
            lane(devices, templates, lanes);
        });
    }

    private void report() {
        double tput = accepted.sum() / (double) o.duration;
        long sent = stats.sent.sum();
        System.out.println("---- results (measurement window " + o.duration + " s after " + o.warmup + " s warmup) ----");
        System.out.printf(Locale.ROOT, "reports sent      %d (full %d)%n", sent, fullSent.sum());
        System.out.printf(Locale.ROOT, "202 accepted      %d%n", accepted.sum());
        System.out.printf(Locale.ROOT, "non-202 by status %s, transport errors %d%n", stats.non202(), stats.errors.sum());
        System.out.printf(Locale.ROOT, "throughput        %.1f acknowledged reports/s%n", tput);
        System.out.printf(Locale.ROOT, "latency ms        p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                stats.percentileMs(50), stats.percentileMs(95), stats.percentileMs(99), stats.maxMs());
        System.out.printf(Locale.ROOT, "RESULT | %s | %d pkgs | %d devices | conc %d | %d s | %.0f reports/s | p50 %.1f ms | p95 %.1f ms | p99 %.1f ms | max %.1f ms | sent %d | 202 %d | non-202 %s | errors %d |%n",
                o.kind, o.packages, o.devices, o.concurrency, o.duration, tput, stats.percentileMs(50),
                stats.percentileMs(95), stats.percentileMs(99), stats.maxMs(), sent, accepted.sum(), stats.non202(),
                stats.errors.sum());
    }

    // ------------------------------------------------------------------------------------ sizes

    private void printOneReportSize(Instant now) {
        Report r = SampleReports.full(UUID.randomUUID(), 1000, o.packages, now);
        byte[] raw = ReportCodec.toJson(r);
        byte[] gz = ReportCodec.toGzipJson(r);
        byte[] wire = ReportBodies.body(ReportBodies.variant(r), r.deviceId().toString(), r.reportId());
        System.out.printf(Locale.ROOT, "one full report of %d packages: raw JSON %d bytes, gzipped %d bytes (as sent by this generator: %d bytes)%n",
                o.packages, raw.length, gz.length, wire.length);
    }

    static void printSizes() {
        Instant now = Instant.now();
        System.out.println("| packages | raw JSON bytes | gzip bytes (ReportCodec.toGzipJson) | ratio | seeds |");
        System.out.println("|---:|---:|---:|---:|---|");
        for (int pk : new int[] {800, 850, 1000}) {
            long raw = 0;
            long gz = 0;
            long maxGz = 0;
            int seeds = 20;
            for (int s = 0; s < seeds; s++) {
                Report r = SampleReports.full(UUID.randomUUID(), 1000 + s, pk, now);
                raw += ReportCodec.toJson(r).length;
                long g = ReportCodec.toGzipJson(r).length;
                gz += g;
                maxGz = Math.max(maxGz, g);
            }
            System.out.printf(Locale.ROOT, "| %d | %d | %d (max %d) | %.1fx | mean of %d |%n", pk, raw / seeds, gz / seeds, maxGz,
                    (double) raw / gz, seeds);
        }
    }
}
