package io.rollcall.bench;

import io.rollcall.bench.Enrolment.SimDevice;
import io.rollcall.common.id.TimeOrderedUuid;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

/**
 * {@code --mix morning}: the school's morning. Every device sends its first full report (one each, as fast as the
 * collector takes them), then the day's mix for {@code --duration} seconds or {@code --count} reports: 10 % full
 * reports whose software list changed since the device's last one, 20 % deltas, 70 % heartbeats, devices in turn.
 * Prints each kind's rate, p50/p99 latency and errors, then the decode-only ceiling of the same full report
 * ({@link DecodeCeiling}) and the ingest rates as fractions of it.
 */
final class MorningMix {
    /** Report {@code seq} of the mix is a changed full report, a delta or a heartbeat by {@code (seq × 7919) mod 100}: exactly 10/20/70 in every 100. */
    static final int FULL_PERCENT = 10;
    static final int DELTA_PERCENT = 20;

    enum Kind { FULL, DELTA, HEARTBEAT }

    /** What a run measured; the test checks the counts, the figures go to BENCHMARKS.md. */
    record Result(KindStats first, double firstSeconds, KindStats full, KindStats delta, KindStats heartbeat,
                  double mixSeconds, DecodeCeiling.Figures ceiling, double enrolSeconds) {
        long mixSent() {
            return full.sent.sum() + delta.sent.sum() + heartbeat.sent.sum();
        }

        /** The mix's three kinds as one: counts added, latencies merged. */
        KindStats mix() {
            return KindStats.merged("mix-all", full, delta, heartbeat);
        }
    }

    private final LoadGenOptions o;
    private final CollectorClient client;

    MorningMix(LoadGenOptions o, CollectorClient client) {
        this.o = o;
        this.client = client;
    }

    static Kind kindOf(long seq) {
        long k = Math.floorMod(seq * 7919, 100);
        return k < FULL_PERCENT ? Kind.FULL : k < FULL_PERCENT + DELTA_PERCENT ? Kind.DELTA : Kind.HEARTBEAT;
    }

    Result run() throws Exception {
        System.out.printf(Locale.ROOT, "rollcall-loadgen: morning mix url=%s devices=%d packages=%d templates=%d concurrency=%d %s%n",
                String.join(",", o.urls()), o.devices, o.packages, o.templates(), o.concurrency,
                o.count > 0 ? "count=" + o.count : "duration=" + o.duration + "s");
        long t0 = System.nanoTime();
        SimDevice[] devices = new Enrolment(o, client).enrolAll();
        double enrolSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "enrolled %d devices in %.1f s (%.0f/s) through %d node(s)%n", devices.length,
                enrolSeconds, devices.length / enrolSeconds, o.urls().size());
        Instant now = Instant.now();
        ReportBodies.Variant[][] templates = ReportBodies.templates(o.templates(), o.packages, now);

        // phase 0, --untimed-first: warm-up devices' first reports, not measured
        int untimed = o.untimedFirst;
        if (untimed > 0) {
            KindStats warm = new KindStats("first-untimed");
            long w0 = System.nanoTime();
            drive(seq -> seq < untimed, seq -> firstReport(warm, devices, templates, (int) seq));
            line(warm, (System.nanoTime() - w0) / 1e9);
            settle();
        }
        // phase 1: each device's first report (variant A of its template)
        KindStats first = new KindStats("first");
        AtomicIntegerArray fulls = new AtomicIntegerArray(devices.length);
        phase("first-reports start");
        long f0 = System.nanoTime();
        drive(seq -> untimed + seq < devices.length, seq -> firstReport(first, devices, templates, untimed + (int) seq));
        double firstSeconds = (System.nanoTime() - f0) / 1e9;
        phase("first-reports end");
        line(first, firstSeconds);

        // phase 2: the mix
        KindStats full = new KindStats("full-changed");
        KindStats delta = new KindStats("delta");
        KindStats heartbeat = new KindStats("heartbeat");
        phase("mix start");
        long m0 = System.nanoTime();
        long until = m0 + TimeUnit.SECONDS.toNanos(o.duration);
        drive(seq -> o.count > 0 ? seq < o.count : System.nanoTime() < until, seq -> {
            int i = (int) (seq % devices.length);
            SimDevice d = devices[i];
            int node = o.nodeOf(i);
            return switch (kindOf(seq)) {
                case FULL -> {
                    // the first report sent variant A: the device's 1st mix full is B, its 2nd A again, and so on
                    int nth = fulls.getAndIncrement(i);
                    yield new Send(full, ReportBodies.body(templates[templateOf(i, templates.length)][nth % 2 == 0 ? 1 : 0],
                            d.deviceId(), TimeOrderedUuid.next()), d, node);
                }
                case DELTA -> new Send(delta, ReportBodies.delta(d.uuid(), seq / devices.length, Instant.now()), d, node);
                case HEARTBEAT -> new Send(heartbeat, ReportBodies.heartbeat(d.uuid(), Instant.now()), d, node);
            };
        });
        double mixSeconds = (System.nanoTime() - m0) / 1e9;
        phase("mix end");
        System.out.printf(Locale.ROOT, "---- the mix: %d reports in %.1f s ----%n", full.sent.sum() + delta.sent.sum()
                + heartbeat.sent.sum(), mixSeconds);
        for (KindStats k : new KindStats[] {full, delta, heartbeat}) {
            line(k, mixSeconds);
        }
        line(KindStats.merged("mix-all", full, delta, heartbeat), mixSeconds);

        // after the load, on the same machine: the collector is idle while the ceiling is measured
        byte[] sample = ReportBodies.body(templates[0][0], devices[0].deviceId(), UUID.randomUUID());
        DecodeCeiling.Figures ceiling = o.ceilingSeconds > 0
                ? DecodeCeiling.measure(sample, o.ceilingThreads(), o.ceilingSeconds) : null;
        Result r = new Result(first, firstSeconds, full, delta, heartbeat, mixSeconds, ceiling, enrolSeconds);
        if (ceiling != null) {
            printCeiling(r, sample.length);
        }
        printSummary(r);
        printResultLine(r);
        return r;
    }

    /**
     * After the untimed first reports: waits until every node's install index has caught up with them
     * ({@code rollcall_software_index_pending 0} on {@code GET /metrics}), at most 5 minutes, so the timed reports
     * do not share the collector with work the untimed ones left behind. A node whose metrics need a token the
     * generator does not have is not waited for (said so).
     */
    private void settle() throws Exception {
        long t0 = System.nanoTime();
        for (int node = 0; node < o.urls().size(); node++) {
            while (true) {
                CollectorClient.Resp r = client.get(node, "/metrics").toCompletionStage().toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                double pending = r.status() == 200 ? pendingIndex(r.body()) : -1;
                if (pending < 0) {
                    System.out.printf(Locale.ROOT, "  not waiting for %s's install index: GET /metrics answered %d%n",
                            o.urls().get(node), r.status());
                    break;
                }
                if (pending == 0) {
                    break;
                }
                if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("the install index still had " + (long) pending
                            + " devices waiting 5 minutes after the untimed first reports");
                }
                Thread.sleep(200);
            }
        }
        System.out.printf(Locale.ROOT, "install index caught up %.1f s after the untimed first reports%n",
                (System.nanoTime() - t0) / 1e9);
    }

    /** {@code rollcall_software_index_pending}'s value in a Prometheus text body, or -1 when it is not there. */
    static double pendingIndex(String metrics) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith("rollcall_software_index_pending")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    private record Send(KindStats stats, byte[] body, SimDevice device, int node) {
    }

    /** Device {@code i}'s first report: variant A of its template. */
    private Send firstReport(KindStats stats, SimDevice[] devices, ReportBodies.Variant[][] templates, int i) {
        SimDevice d = devices[i];
        return new Send(stats, ReportBodies.body(templates[templateOf(i, templates.length)][0], d.deviceId(),
                TimeOrderedUuid.next()), d, o.nodeOf(i));
    }

    /**
     * Device {@code i}'s template: an untimed device ({@code --untimed-first}) one of the first 10, a timed one
     * counted from its own first, so the timed devices' lists are the same with or without a warm-up (a later run
     * with {@code --devices-file} of the timed devices alone sends them unchanged).
     */
    int templateOf(int i, int count) {
        return i < o.untimedFirst ? i % Math.min(10, count) : (i - o.untimedFirst) % count;
    }

    /** A line a script watching the output acts on (bench/storm.sh samples CPU there); wall time for the record. */
    private static void phase(String what) {
        System.out.println("PHASE " + what + " " + Instant.now());
    }

    /** Sends {@code next.apply(seq)} for seq = 0, 1, … while {@code more} holds, {@code --concurrency} at a time. */
    private void drive(LongPredicate more, java.util.function.LongFunction<Send> next) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        CountDownLatch lanes = new CountDownLatch(o.concurrency);
        for (int l = 0; l < o.concurrency; l++) {
            client.vertx().runOnContext(v -> lane(sequence, more, next, lanes));
        }
        long start = System.nanoTime();
        while (!lanes.await(10, TimeUnit.SECONDS)) {
            System.out.printf(Locale.ROOT, "  t=%5.1fs sent=%d%n", (System.nanoTime() - start) / 1e9, sequence.get());
        }
    }

    private void lane(AtomicLong sequence, LongPredicate more, java.util.function.LongFunction<Send> next,
                      CountDownLatch lanes) {
        long seq = sequence.getAndIncrement();
        if (!more.test(seq)) {
            lanes.countDown();
            return;
        }
        Send s = next.apply(seq);
        long t = System.nanoTime();
        client.post(s.node(), "/api/v1/reports", Buffer.buffer(s.body()), s.device().authorization(), true).onComplete(ar -> {
            s.stats().record(ar.succeeded() ? ar.result() : null, ar.cause(), t, System.nanoTime());
            lane(sequence, more, next, lanes);
        });
    }

    private static void line(KindStats k, double seconds) {
        System.out.printf(Locale.ROOT, "%-13s sent %7d  202 %7d  %7.1f/s  p50 %8.1f  p95 %8.1f  p99 %8.1f  max %8.1f ms  "
                        + "non-202 %s  errors %d%n",
                k.name, k.sent.sum(), k.accepted.sum(), k.accepted.sum() / seconds, k.percentileMs(50),
                k.percentileMs(95), k.percentileMs(99), k.maxMs(), k.non202(), k.errors.sum());
    }

    private void printCeiling(Result r, int bytes) {
        DecodeCeiling.Figures c = r.ceiling();
        double firstRate = r.first().accepted.sum() / r.firstSeconds();
        double fullRate = r.full().accepted.sum() / r.mixSeconds();
        double mixRate = (r.full().accepted.sum() + r.delta().accepted.sum() + r.heartbeat().accepted.sum()) / r.mixSeconds();
        System.out.printf(Locale.ROOT, "---- decode-only ceiling: ReportCodec.decode of one %d-package full report (%d bytes gzipped), no network, no store ----%n",
                o.packages, bytes);
        System.out.printf(Locale.ROOT, "ceiling       1 thread %.0f/s, %d threads %.0f/s%n", c.oneThread(), c.threads(), c.nThreads());
        System.out.printf(Locale.ROOT, "first reports %.1f/s = %.3f x the %d-thread ceiling%n", firstRate, firstRate / c.nThreads(), c.threads());
        System.out.printf(Locale.ROOT, "mix           %.1f reports/s (changed full %.1f/s = %.3f x the ceiling; the rest are deltas and heartbeats)%n",
                mixRate, fullRate, fullRate / c.nThreads());
    }

    private void printResultLine(Result r) {
        DecodeCeiling.Figures c = r.ceiling();
        double firstRate = r.first().accepted.sum() / r.firstSeconds();
        System.out.printf(Locale.ROOT, "RESULT | morning | %d devices | %d pkgs | conc %d | first %.1f/s p50 %.0f p99 %.0f ms | "
                        + "mix %.1f/s over %.0f s | full %.1f/s p50 %.0f p99 %.0f | delta %.1f/s p50 %.0f p99 %.0f | "
                        + "heartbeat %.1f/s p50 %.0f p99 %.0f | errors %d | ceiling 1t %.0f/s %dt %.0f/s | first/ceiling %.3f |%n",
                o.devices, o.packages, o.concurrency, firstRate, r.first().percentileMs(50), r.first().percentileMs(99),
                (r.full().accepted.sum() + r.delta().accepted.sum() + r.heartbeat().accepted.sum()) / r.mixSeconds(),
                r.mixSeconds(), r.full().accepted.sum() / r.mixSeconds(), r.full().percentileMs(50), r.full().percentileMs(99),
                r.delta().accepted.sum() / r.mixSeconds(), r.delta().percentileMs(50), r.delta().percentileMs(99),
                r.heartbeat().accepted.sum() / r.mixSeconds(), r.heartbeat().percentileMs(50), r.heartbeat().percentileMs(99),
                errors(r), c == null ? 0 : c.oneThread(), c == null ? 0 : c.threads(), c == null ? 0 : c.nThreads(),
                c == null ? 0 : firstRate / c.nThreads());
    }

    /**
     * The storm's figures: enrolment time, the first reports' drain (first sent to last acknowledged) and the mix's
     * (first sent to last answered), each with p50/p95/p99/max; {@code bench/storm.sh} copies these lines.
     */
    private void printSummary(Result r) {
        KindStats mix = r.mix();
        double firstDrain = r.first().ackDrainSeconds();
        double mixDrain = KindStats.drainSeconds(r.full(), r.delta(), r.heartbeat());
        System.out.println("---- summary ----");
        System.out.printf(Locale.ROOT, "SUMMARY enrol        %d devices through %d node(s) in %.1f s (%.0f/s)%n",
                o.devices, o.urls().size(), r.enrolSeconds(), o.devices / r.enrolSeconds());
        summaryLine("first-drain", r.first(), firstDrain, "first sent to last acknowledged");
        summaryLine("mix-drain", mix, mixDrain, "first sent to last answered");
        System.out.printf(Locale.ROOT, "SUMMARY errors       %d (non-202 or transport, all phases)%n", errors(r));
    }

    private static void summaryLine(String label, KindStats k, double drain, String what) {
        System.out.printf(Locale.ROOT, "SUMMARY %-12s %.1f s (%s): %d of %d acknowledged, %.1f/s, p50 %.0f p95 %.0f p99 %.0f max %.0f ms%n",
                label, drain, what, k.accepted.sum(), k.sent.sum(), drain > 0 ? k.accepted.sum() / drain : 0,
                k.percentileMs(50), k.percentileMs(95), k.percentileMs(99), k.maxMs());
    }

    private static long errors(Result r) {
        long n = 0;
        for (KindStats k : new KindStats[] {r.first(), r.full(), r.delta(), r.heartbeat()}) {
            n += k.errors.sum() + k.non202Total();
        }
        return n;
    }
}
