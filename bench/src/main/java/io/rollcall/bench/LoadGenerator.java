package io.rollcall.bench;

import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.OsRef;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Load generator for the collector's report endpoint: enrols N simulated devices over real HTTPS
 * (trusting only the collector's CA), pre-builds each device's gzipped full report, then posts
 * reports with bounded concurrency for a fixed duration and prints throughput and latency.
 *
 * <p>Every report carries a fresh reportId, so each one is a new, durably stored report (never the
 * duplicate path). To keep the generator's CPU out of the way, each device's report JSON is built
 * and deflated once with the reportId moved to the end of the object; per send only the short tail
 * {@code ,"reportId":"…"}} is deflated and appended after a full flush, and the gzip trailer CRC
 * is extended over the tail. The result is one ordinary, valid gzip member whose size is within a
 * few bytes of {@link ReportCodec#toGzipJson} on the same report.
 *
 * <p>Each device has two variants of its software list (B = A with one package upgraded). A
 * device sends variant A for 10 reports, then B for 10, and so on: 9 of 10 reports exercise the
 * collector's "section unchanged" path and 1 in 10 the "section changed" path.
 *
 * <p>{@code --sizes} prints the raw and gzipped size of full reports of 800 / 850 / 1,000 packages
 * and exits, with no network.
 */
public final class LoadGenerator {

    private static final String PLACEHOLDER = "00000000-0000-0000-0000-00000000beef";

    /** A device's pre-deflated report: gzip header + deflate(prefix, FULL_FLUSH), plus CRC/length. */
    record Variant(byte[] head, long prefixCrc, long prefixLen) {
    }

    record Device(String deviceId, String authorization, Variant a, Variant b) {
    }

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
            o.requireRunnable();
        } catch (IllegalArgumentException e) {
            System.err.println("rollcall-loadgen: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        new LoadGenerator(o).run();
    }

    private final LoadGenOptions o;
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final String host;
    private final int port;

    LoadGenerator(LoadGenOptions o) {
        this.o = o;
        URI u = URI.create(o.url);
        this.host = u.getHost();
        this.port = u.getPort() < 0 ? 443 : u.getPort();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClientOptions ho = new HttpClientOptions()
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(o.ca))
                .setVerifyHost(true)
                .setKeepAlive(true)
                .setConnectTimeout(10_000)
                .setIdleTimeout(0);
        if (o.http2) {
            ho.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setHttp2MultiplexingLimit(o.concurrency);
        }
        PoolOptions po = new PoolOptions().setHttp1MaxSize(o.concurrency).setHttp2MaxSize(1)
                .setMaxWaitQueueSize(-1);
        this.client = vertx.httpClientBuilder().with(ho).with(po).build();
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "rollcall-loadgen: url=%s devices=%d packages=%d kind=%s concurrency=%d duration=%ds warmup=%ds http=%s%n",
                o.url, o.devices, o.packages, o.kind, o.concurrency, o.duration, o.warmup, o.http2 ? "2" : "1.1");
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        Device[] devices = enrolAll();
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "enrolled %d devices in %.1f s%n", devices.length, (t1 - t0) / 1e9);
        if (!o.kind.equals("heartbeat")) {
            buildBodies(devices, now);
            System.out.printf(Locale.ROOT, "pre-built %d x 2 report variants in %.1f s%n", devices.length, (System.nanoTime() - t1) / 1e9);
        }
        printOneReportSize(now);
        measure(devices);
        client.close().await();
        vertx.close().await();
    }

    // ---------------------------------------------------------------------------------- enrolment

    private Device[] enrolAll() throws Exception {
        java.nio.file.Path cache = o.devicesFile == null ? null : java.nio.file.Path.of(o.devicesFile);
        if (cache != null && java.nio.file.Files.exists(cache)) {
            List<String> lines = java.nio.file.Files.readAllLines(cache);
            if (lines.size() >= o.devices) {
                Device[] out = new Device[o.devices];
                for (int i = 0; i < o.devices; i++) {
                    String[] f = lines.get(i).split(" ", 2);
                    out[i] = new Device(f[0], "Bearer " + f[0] + "." + f[1], null, null);
                }
                System.out.println("reusing " + o.devices + " enrolled devices from " + cache + " (no enrolment)");
                return out;
            }
        }
        Device[] enrolled = enrolFresh();
        if (cache != null) {
            List<String> lines = new ArrayList<>();
            for (Device d : enrolled) {
                lines.add(d.deviceId + " " + d.authorization.substring(("Bearer " + d.deviceId + ".").length()));
            }
            java.nio.file.Files.write(cache, lines);
        }
        return enrolled;
    }

    private Device[] enrolFresh() throws Exception {
        String token = o.adminToken != null ? createEnrolmentToken() : o.enrollToken;
        // Hardware UUIDs new to the collector: known hardware without its current secret would only be queued for a
        // technician's approval (202), so each fresh enrolment uses its own namespace. --devices-file reuses devices.
        long run = new java.security.SecureRandom().nextLong() & 0x0000_0000_ffff_ffffL | 0x5eedbe0c_0000_0000L;
        Device[] out = new Device[o.devices];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int lanes = Math.min(o.concurrency, 16);
        CountDownLatch done = new CountDownLatch(lanes);
        for (int l = 0; l < lanes; l++) {
            enrolLoop(token, run, out, next, failures, done);
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("enrolment timed out");
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " enrolments failed");
        }
        return out;
    }

    /**
     * {@code POST /api/v1/enrollment/tokens} with the admin token: an enrolment token for this run's devices at the
     * highest rate the collector allows. The token itself is never printed.
     */
    private String createEnrolmentToken() throws Exception {
        JsonObject draft = new JsonObject().put("label", "loadgen").put("validDays", 1).put("maxDevices", o.devices)
                .put("perMinute", LoadGenOptions.TOKEN_PER_MINUTE);
        Resp r = post("/api/v1/enrollment/tokens", draft.toBuffer(), "Bearer " + o.adminToken, false)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (r.status != 201) {
            throw new IllegalStateException("creating an enrolment token failed: HTTP " + r.status + " " + r.body);
        }
        JsonObject created = new JsonObject(r.body);
        System.out.printf(Locale.ROOT, "created enrolment token '%s' (id %s): %d devices, %d a minute, expires %s%n",
                created.getString("label"), created.getString("id"), o.devices, LoadGenOptions.TOKEN_PER_MINUTE,
                created.getString("expiresAt"));
        return created.getString("token");
    }

    private void enrolLoop(String token, long run, Device[] out, AtomicInteger next, AtomicInteger failures,
                           CountDownLatch done) {
        int i = next.getAndIncrement();
        if (i >= out.length) {
            done.countDown();
            return;
        }
        String hw = new UUID(run, i).toString();
        EnrollRequest req = new EnrollRequest(token, "bench-" + i, hw, "BENCH-" + i, new OsRef("linux", "12"));
        post("/api/v1/enroll", Buffer.buffer(ReportCodec.toJson(req)), null, false).onComplete(ar -> {
            if (ar.succeeded() && ar.result().status == 200) {
                JsonObject j = new JsonObject(ar.result().body);
                String id = j.getString("deviceId");
                out[i] = new Device(id, "Bearer " + id + "." + j.getString("deviceSecret"), null, null);
            } else {
                if (failures.incrementAndGet() <= 5) {
                    System.err.println("enrol " + i + " failed: " + (ar.succeeded()
                            ? ar.result().status + " " + ar.result().body : ar.cause())
                            + (ar.succeeded() && ar.result().status == 429 && o.adminToken == null
                            ? " (the token's per-minute limit: give --admin-token to enrol with a token of its own)" : ""));
                }
            }
            enrolLoop(token, run, out, next, failures, done);
        });
    }

    // ----------------------------------------------------------------------------- report bodies

    private void buildBodies(Device[] devices, Instant now) throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicInteger next = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < devices.length; ) {
                    Device d = devices[i];
                    Report a = SampleReports.full(UUID.fromString(d.deviceId), 1000 + i, o.packages, now);
                    Report b = withChangedPackage(a, i);
                    devices[i] = new Device(d.deviceId, d.authorization, variant(a), variant(b));
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
    }

    /** The same report with one package upgraded: a small change in the software section. */
    static Report withChangedPackage(Report r, int salt) {
        List<SoftwareItem> sw = new ArrayList<>(r.sections().software());
        int k = Math.floorMod(salt * 31, sw.size());
        SoftwareItem s = sw.get(k);
        sw.set(k, new SoftwareItem(s.name(), s.version() + ".1", s.publisher(), s.installedAt(), s.source(), s.location()));
        Sections sec = r.sections().withSoftware(sw);
        return new Report(r.schema(), r.reportId(), r.deviceId(), r.agentVersion(), r.collectedAt(), r.kind(), sec, r.diagnostics());
    }

    /** JSON of {@code r} with its reportId removed and the closing brace cut off. */
    static byte[] prefixJson(Report r) {
        Report p = new Report(r.schema(), UUID.fromString(PLACEHOLDER), r.deviceId(), r.agentVersion(), r.collectedAt(),
                r.kind(), r.sections(), r.diagnostics());
        String json = new String(ReportCodec.toJson(p), StandardCharsets.UTF_8);
        String field = "\"reportId\":\"" + PLACEHOLDER + "\",";
        int at = json.indexOf(field);
        if (at < 0 || !json.endsWith("}")) {
            throw new IllegalStateException("unexpected report JSON shape");
        }
        json = json.substring(0, at) + json.substring(at + field.length(), json.length() - 1);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static Variant variant(Report r) {
        byte[] prefix = prefixJson(r);
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length / 8);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(prefix);
        byte[] buf = new byte[64 * 1024];
        // FULL_FLUSH: byte-aligned, and nothing after it refers back into the prefix.
        for (int n; (n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH)) > 0; ) {
            out.write(buf, 0, n);
            if (n < buf.length) {
                break;
            }
        }
        d.end();
        CRC32 crc = new CRC32();
        crc.update(prefix);
        return new Variant(out.toByteArray(), crc.getValue(), prefix.length);
    }

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    /** zlib's crc32(crc, buf): continue a finished CRC-32 over more bytes. */
    static long crcContinue(long crc, byte[] b) {
        int c = ~(int) crc;
        for (byte x : b) {
            c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
        }
        return (~c) & 0xffffffffL;
    }

    private static final ThreadLocal<Deflater> TAIL_DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));

    /** A complete gzip body: the device's pre-deflated prefix + a fresh reportId tail + trailer. */
    static byte[] body(Variant v, UUID reportId) {
        byte[] tail = (",\"reportId\":\"" + reportId + "\"}").getBytes(StandardCharsets.US_ASCII);
        Deflater d = TAIL_DEFLATER.get();
        d.reset();
        d.setInput(tail);
        d.finish();
        byte[] buf = new byte[128];
        int n = d.deflate(buf);
        long crc = crcContinue(v.prefixCrc, tail);
        long len = v.prefixLen + tail.length;
        byte[] out = Arrays.copyOf(v.head, v.head.length + n + 8);
        System.arraycopy(buf, 0, out, v.head.length, n);
        int p = v.head.length + n;
        for (int k = 0; k < 4; k++) {
            out[p + k] = (byte) (crc >>> (8 * k));
            out[p + 4 + k] = (byte) (len >>> (8 * k));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------- measure

    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder fullSent = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private long[] latencies = new long[1 << 20];
    private final AtomicInteger latCount = new AtomicInteger();
    private volatile long measureStart;
    private volatile long measureEnd;
    private volatile boolean stopping;

    private void measure(Device[] devices) throws Exception {
        long start = System.nanoTime();
        measureStart = start + TimeUnit.SECONDS.toNanos(o.warmup);
        measureEnd = measureStart + TimeUnit.SECONDS.toNanos(o.duration);
        CountDownLatch lanes = new CountDownLatch(o.concurrency);
        for (int l = 0; l < o.concurrency; l++) {
            vertx.runOnContext(v -> lane(devices, lanes));
        }
        // progress every 10 s
        long lastAcc = 0;
        while (!lanes.await(10, TimeUnit.SECONDS)) {
            long acc = accepted.sum();
            long now = System.nanoTime();
            System.out.printf(Locale.ROOT, "  t=%5.1fs %s acked=%d (+%.0f/s) errors=%d%n", (now - start) / 1e9,
                    now < measureStart ? "warmup " : now < measureEnd ? "measure" : "drain  ", acc, (acc - lastAcc) / 10.0,
                    errors.sum());
            lastAcc = acc;
        }
        report();
    }

    private void lane(Device[] devices, CountDownLatch lanes) {
        long now = System.nanoTime();
        if (now >= measureEnd) {
            lanes.countDown();
            return;
        }
        long seq = sequence.getAndIncrement();
        Device d = devices[(int) (seq % devices.length)];
        long nth = seq / devices.length; // this device's nth report
        byte[] body;
        boolean full = switch (o.kind) {
            case "heartbeat" -> false;
            case "mixed" -> Math.floorMod(seq * 7919, 100) < o.mixedFullPercent;
            default -> true;
        };
        if (full) {
            Variant v = ((nth / o.changeEvery) % 2 == 0) ? d.a : d.b;
            body = body(v, UUID.randomUUID());
        } else {
            body = ReportCodec.toGzipJson(SampleReports.heartbeat(UUID.fromString(d.deviceId), Instant.now()));
        }
        long t = System.nanoTime();
        boolean counted = t >= measureStart;
        post("/api/v1/reports", Buffer.buffer(body), d.authorization, true).onComplete(ar -> {
            long end = System.nanoTime();
            // Count a request in the window if it was sent inside it (those in flight at the end drain and count too).
            if (counted) {
                sent.increment();
                if (full) {
                    fullSent.increment();
                }
                if (ar.succeeded()) {
                    int st = ar.result().status;
                    if (st == 202) {
                        accepted.increment();
                        int k = latCount.getAndIncrement();
                        if (k < latencies.length) {
                            latencies[k] = end - t;
                        }
                    } else {
                        byStatus.computeIfAbsent(st, x -> new LongAdder()).increment();
                        if (byStatus.get(st).sum() <= 3) {
                            System.err.println("HTTP " + st + ": " + ar.result().body);
                        }
                    }
                } else {
                    errors.increment();
                    if (errors.sum() <= 3) {
                        System.err.println("request failed: " + ar.cause());
                    }
                }
            }
            lane(devices, lanes);
        });
    }

    record Resp(int status, String body) {
    }

    private Future<Resp> post(String path, Buffer body, String authorization, boolean gzip) {
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
                .setTimeout(60_000)
                .putHeader("Content-Type", "application/json");
        if (authorization != null) {
            ro.putHeader("Authorization", authorization);
        }
        if (gzip) {
            ro.putHeader("Content-Encoding", "gzip");
        }
        Promise<Resp> p = Promise.promise();
        client.request(ro)
                .compose(req -> req.send(body))
                .compose(res -> res.body().map(b -> new Resp(res.statusCode(), b.toString())))
                .onComplete(p);
        return p.future();
    }

    private void report() {
        int n = Math.min(latCount.get(), latencies.length);
        long[] l = Arrays.copyOf(latencies, n);
        Arrays.sort(l);
        double window = o.duration;
        double tput = accepted.sum() / window;
        Map<Integer, Long> non202 = new TreeMap<>();
        byStatus.forEach((k, v) -> non202.put(k, v.sum()));
        System.out.println("---- results (measurement window " + o.duration + " s after " + o.warmup + " s warmup) ----");
        System.out.printf(Locale.ROOT, "reports sent      %d (full %d)%n", sent.sum(), fullSent.sum());
        System.out.printf(Locale.ROOT, "202 accepted      %d%n", accepted.sum());
        System.out.printf(Locale.ROOT, "non-202 by status %s, transport errors %d%n", non202, errors.sum());
        System.out.printf(Locale.ROOT, "throughput        %.1f acknowledged reports/s%n", tput);
        System.out.printf(Locale.ROOT, "latency ms        p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                pct(l, 50), pct(l, 95), pct(l, 99), n == 0 ? 0 : l[n - 1] / 1e6);
        System.out.printf(Locale.ROOT, "RESULT | %s | %d pkgs | %d devices | conc %d | %d s | %.0f reports/s | p50 %.1f ms | p95 %.1f ms | p99 %.1f ms | max %.1f ms | sent %d | 202 %d | non-202 %s | errors %d |%n",
                o.kind, o.packages, o.devices, o.concurrency, o.duration, tput, pct(l, 50), pct(l, 95), pct(l, 99),
                n == 0 ? 0 : l[n - 1] / 1e6, sent.sum(), accepted.sum(), non202, errors.sum());
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    // ------------------------------------------------------------------------------------ sizes

    private void printOneReportSize(Instant now) {
        Report r = SampleReports.full(UUID.randomUUID(), 1000, o.packages, now);
        byte[] raw = ReportCodec.toJson(r);
        byte[] gz = ReportCodec.toGzipJson(r);
        byte[] wire = body(variant(r), r.reportId());
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
