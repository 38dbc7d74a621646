package io.rollcall.bench;

import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.OsRef;
import io.rollcall.common.wire.ReportCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enrols the simulated devices over the real API ({@code POST /api/v1/enroll}), or reuses those stored in
 * {@code --devices-file}. With {@code --admin-token} it first creates an enrolment token of its own for this run.
 */
final class Enrolment {
    /** An enrolled simulated device and the header it reports with. */
    record SimDevice(String deviceId, String authorization) {
        UUID uuid() {
            return UUID.fromString(deviceId);
        }
    }

    private final LoadGenOptions o;
    private final CollectorClient client;

    Enrolment(LoadGenOptions o, CollectorClient client) {
        this.o = o;
        this.client = client;
    }

    SimDevice[] enrolAll() throws Exception {
        Path cache = o.devicesFile == null ? null : Path.of(o.devicesFile);
        if (cache != null && Files.exists(cache)) {
            List<String> lines = Files.readAllLines(cache);
            if (lines.size() >= o.devices) {
                SimDevice[] out = new SimDevice[o.devices];
                for (int i = 0; i < o.devices; i++) {
                    String[] f = lines.get(i).split(" ", 2);
                    out[i] = new SimDevice(f[0], "Bearer " + f[0] + "." + f[1]);
                }
                System.out.println("reusing " + o.devices + " enrolled devices from " + cache + " (no enrolment)");
                return out;
            }
        }
        SimDevice[] enrolled = enrolFresh();
        if (cache != null) {
            List<String> lines = new ArrayList<>();
            for (SimDevice d : enrolled) {
                lines.add(d.deviceId() + " " + d.authorization().substring(("Bearer " + d.deviceId() + ".").length()));
            }
            Files.write(cache, lines);
        }
        return enrolled;
    }

    private SimDevice[] enrolFresh() throws Exception {
        String token = o.adminToken != null ? createEnrolmentToken() : o.enrollToken;
        // Hardware UUIDs new to the collector: known hardware without its current secret would only be queued for a
        // technician's approval (202), so each fresh enrolment uses its own namespace. --devices-file reuses devices.
        long run = new SecureRandom().nextLong() & 0x0000_0000_ffff_ffffL | 0x5eedbe0c_0000_0000L;
        SimDevice[] out = new SimDevice[o.devices];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int lanes = o.enrolConcurrency();
        CountDownLatch done = new CountDownLatch(lanes);
        for (int l = 0; l < lanes; l++) {
            enrolLoop(token, run, out, next, failures, done);
        }
        // 100,000 devices take minutes: say how far it got
        long start = System.nanoTime();
        while (!done.await(10, TimeUnit.SECONDS)) {
            if (System.nanoTime() - start > TimeUnit.HOURS.toNanos(2)) {
                throw new IllegalStateException("enrolment timed out after 2 h at " + next.get() + " devices");
            }
            int n = Math.min(next.get(), out.length);
            System.out.printf(Locale.ROOT, "  enrolling: %d of %d (%.0f/s)%n", n, out.length,
                    n / ((System.nanoTime() - start) / 1e9));
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
        CollectorClient.Resp r = client.post("/api/v1/enrollment/tokens", draft.toBuffer(), "Bearer " + o.adminToken, false)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (r.status() != 201) {
            throw new IllegalStateException("creating an enrolment token failed: HTTP " + r.status() + " " + r.body());
        }
        JsonObject created = new JsonObject(r.body());
        System.out.printf(Locale.ROOT, "created enrolment token '%s' (id %s): %d devices, %d a minute, expires %s%n",
                created.getString("label"), created.getString("id"), o.devices, LoadGenOptions.TOKEN_PER_MINUTE,
                created.getString("expiresAt"));
        return created.getString("token");
    }

    private void enrolLoop(String token, long run, SimDevice[] out, AtomicInteger next, AtomicInteger failures,
                           CountDownLatch done) {
        int i = next.getAndIncrement();
        if (i >= out.length) {
            done.countDown();
            return;
        }
        enrolOne(token, run, i, out, failures, () -> enrolLoop(token, run, out, next, failures, done));
    }

    /**
     * Enrols device {@code i} through its node ({@link LoadGenOptions#nodeOf}). A 429 (the token's per-minute limit,
     * counted cluster-wide) is waited out as its Retry-After says and tried again, so a run larger than the limit is
     * paced by the collector rather than failed.
     */
    private void enrolOne(String token, long run, int i, SimDevice[] out, AtomicInteger failures, Runnable then) {
        String hw = new UUID(run, i).toString();
        EnrollRequest req = new EnrollRequest(token, "bench-" + i, hw, "BENCH-" + i, new OsRef("linux", "12"));
        client.post(o.nodeOf(i), "/api/v1/enroll", Buffer.buffer(ReportCodec.toJson(req)), null, false).onComplete(ar -> {
            if (ar.succeeded() && ar.result().status() == 200) {
                JsonObject j = new JsonObject(ar.result().body());
                String id = j.getString("deviceId");
                out[i] = new SimDevice(id, "Bearer " + id + "." + j.getString("deviceSecret"));
            } else if (ar.succeeded() && ar.result().status() == 429 && o.adminToken != null) {
                if (throttled.getAndIncrement() == 0) {
                    System.out.println("  enrolment paced by the collector (429: the token's per-minute limit); "
                            + "waiting as Retry-After says");
                }
                long wait = retryAfterMillis(ar.result().retryAfter());
                client.vertx().setTimer(wait, t -> enrolOne(token, run, i, out, failures, then));
                return;
            } else if (failures.incrementAndGet() <= 5) {
                System.err.println("enrol " + i + " failed: " + (ar.succeeded()
                        ? ar.result().status() + " " + ar.result().body() : ar.cause())
                        + (ar.succeeded() && ar.result().status() == 429
                        ? " (the token's per-minute limit: give --admin-token to enrol with a token of its own)" : ""));
            }
            then.run();
        });
    }

    private final AtomicInteger throttled = new AtomicInteger();

    /** Retry-After in seconds as milliseconds; 1 s when missing or unreadable. */
    static long retryAfterMillis(String header) {
        try {
            return Math.max(1, Long.parseLong(header.trim())) * 1000;
        } catch (RuntimeException e) {
            return 1000;
        }
    }
}
