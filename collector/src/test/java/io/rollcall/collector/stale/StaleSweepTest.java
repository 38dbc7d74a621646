package io.rollcall.collector.stale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.collector.support.TwoNodes;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stale sweep on two collectors in one Hazelcast cluster over one database (H2, or PostgreSQL: TestStore): a silent device gets one
 * {@code device.stale} finding (and loses compliance) when the clock passes the policy's limit, a lent laptop
 * sooner, and the finding resolves on the device's next report. The timers are off; the test calls the sweep.
 */
class StaleSweepTest {
    @TempDir
    static Path a;
    @TempDir
    static Path b;
    static TwoNodes nodes;
    static TestCollector one;
    static TestCollector two;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T08:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        nodes = TwoNodes.start(a, b, "rc-stale-", clock, c -> c.withStaleSweepMinutes(0));
        one = nodes.one();
        two = nodes.two();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void silentDeviceIsFlaggedByTheSweepAndClearedByItsNextReport() throws Exception {
        EnrollResponse d = one.enroll(UUID.randomUUID().toString());
        heartbeat(d);
        assertTrue(device(d).get("compliant").asBoolean(), "a heartbeat alone fails no rule");
        String host = device(d).get("hostname").asText();

        clock.advance(Duration.ofDays(13));
        one.collector().staleSweep().sweep();
        assertEquals(0, staleFindings(d, "open").size(), "13 days is within the default 14");

        clock.advance(Duration.ofDays(2));
        assertTrue(one.collector().staleSweep().sweep() >= 1);
        JsonNode open = staleFindings(d, "open");
        assertEquals(1, open.size(), open.toString());
        assertEquals("medium", open.get(0).get("severity").asText());
        assertEquals(15, open.get(0).get("evidence").get("days").asInt());
        assertEquals(14, open.get(0).get("evidence").get("limitDays").asInt());
        assertFalse(device(d).get("compliant").asBoolean(), "device.stale is at the compliance cut-off (medium)");
        JsonNode list = ok(one.adminGet("/api/v1/devices?stale=true&q=" + host));
        assertEquals(1, list.get("total").asLong(), list.toString());
        assertTrue(list.get("items").get(0).get("stale").asBoolean());
        assertFalse(list.get("items").get(0).get("compliant").asBoolean());
        JsonNode summary = ok(two.adminGet("/api/v1/compliance/summary"));
        assertTrue(summary.get("stale").asLong() >= 1, summary.toString());
        assertTrue(summary.get("byRule").get("device.stale").asLong() >= 1, summary.toString());

        // a second sweep finds nothing new to do for this device: it is already flagged
        one.collector().staleSweep().sweep();
        assertEquals(1, staleRows(d));

        heartbeat(d);
        assertEquals(0, staleFindings(d, "open").size());
        assertEquals(1, staleFindings(d, "resolved").size());
        assertTrue(device(d).get("compliant").asBoolean());
        assertEquals(0, ok(one.adminGet("/api/v1/devices?stale=true&q=" + host)).get("total").asLong());
    }

    @Test
    void twoNodesSweepingAtOnceOpenOneFinding() throws Exception {
        EnrollResponse d = two.enroll(UUID.randomUUID().toString());
        heartbeat(d);
        clock.advance(Duration.ofDays(20));

        List<StaleSweep.Run> runs = bothAtOnce(n -> n.collector().staleSweep()::runIfDue);
        assertEquals(1, runs.stream().filter(StaleSweep.Run::ran).count(), runs.toString());
        assertEquals(1, staleFindings(d, "open").size());
        assertEquals(1, staleRows(d));

        // even without the job lock (a lease that ran out mid-sweep), the device lock keeps it to one finding
        EnrollResponse e = one.enroll(UUID.randomUUID().toString());
        heartbeat(e);
        clock.advance(Duration.ofDays(20));
        bothAtOnce(n -> n.collector().staleSweep()::sweep);
        assertEquals(1, staleFindings(e, "open").size());
        assertEquals(1, staleRows(e));
        assertEquals(1, staleRows(d));
    }

    @Test
    void lentLaptopGoesStaleAfterTheShorterOnLoanLimit() throws Exception {
        EnrollResponse lent = one.enroll(UUID.randomUUID().toString());
        EnrollResponse shelf = one.enroll(UUID.randomUUID().toString());
        heartbeat(lent);
        heartbeat(shelf);
        lend(device(lent).get("serialNumber").asText());

        clock.advance(Duration.ofDays(8));
        one.collector().staleSweep().runIfDue();
        JsonNode open = staleFindings(lent, "open");
        assertEquals(1, open.size(), "8 days is past staleDaysOnLoan (7): " + open);
        assertTrue(open.get(0).get("evidence").get("onLoan").asBoolean());
        assertEquals(7, open.get(0).get("evidence").get("limitDays").asInt());
        assertEquals(0, staleFindings(shelf, "open").size(), "a device not on loan has 14 days");
        // one truth: the list's flag and filter and the summary's count say what the rule says
        assertTrue(device(lent).get("stale").asBoolean(), "lent and silent 8 days: stale in the device list");
        assertFalse(device(shelf).get("stale").asBoolean(), "not lent, silent 8 days: not stale yet");
        assertEquals(List.of(true), listed(lent, "true"));
        assertEquals(List.of(), listed(shelf, "true"));
        assertEquals(List.of(false), listed(shelf, "false"));
        long staleListed = ok(one.adminGet("/api/v1/devices?stale=true&limit=1")).get("total").asLong();
        long staleCounted = ok(one.adminGet("/api/v1/compliance/summary")).get("stale").asLong();
        assertTrue(staleListed >= 1);
        assertEquals(staleListed, staleCounted, "the summary counts what the list's stale=true filter lists");

        clock.advance(Duration.ofDays(7));
        one.collector().staleSweep().sweep();
        assertEquals(1, staleFindings(shelf, "open").size(), "15 days is past staleDays (14)");
        assertFalse(staleFindings(shelf, "open").get(0).get("evidence").get("onLoan").asBoolean());
        assertEquals(1, staleRows(lent));
    }

    @Test
    void deviceThatEnrolledButNeverReportedCountsFromEnrolment() throws Exception {
        EnrollResponse d = two.enroll(UUID.randomUUID().toString());
        clock.advance(Duration.ofDays(10));
        two.collector().staleSweep().sweep();
        assertEquals(0, staleFindings(d, "open").size());
        clock.advance(Duration.ofDays(5));
        two.collector().staleSweep().sweep();
        assertEquals(1, staleFindings(d, "open").size());
        heartbeat(d);
        assertEquals(0, staleFindings(d, "open").size());
    }

    @Test
    void silentDevicesAreReadFromTheLastSeenIndexInItsOrder() throws Exception {
        boolean pg = one.collector().database().read(c -> c.getMetaData().getDatabaseProductName()).equals("PostgreSQL");
        String plan = one.collector().database().inTransaction(c -> {
            if (pg) {
                // a test table is small enough that PostgreSQL would rather scan and sort it: ask whether the
                // index can answer the range and the order on its own (SET LOCAL ends with the transaction)
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + StaleDevices.REPORTED)) {
                for (int i = 1; i <= 6; i++) {
                    if (i == 4) {
                        ps.setObject(i, UUID.randomUUID());
                    } else {
                        io.rollcall.collector.db.Jdbc.setInstant(ps, i, clock.instant());
                    }
                }
                ps.setInt(7, 500);
                StringBuilder out = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
                return out.toString();
            }
        });
        assertTrue(plan.toLowerCase(java.util.Locale.ROOT).contains("devices_last_seen_id"), plan);
        if (pg) {
            assertTrue(plan.contains("Index Scan using devices_last_seen_id") && !plan.contains("Sort"), plan);
        } else {
            assertTrue(plan.contains("index sorted"), plan);
        }
    }

    private static <T> List<T> bothAtOnce(java.util.function.Function<TestCollector, Callable<T>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> runs = new ArrayList<>();
            for (TestCollector node : List.of(one, two)) {
                Callable<T> c = work.apply(node);
                runs.add(pool.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : runs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void heartbeat(EnrollResponse d) throws Exception {
        HttpResponse<String> res = one.postReport(d, ReportCodec.toJson(SampleReports.heartbeat(d.deviceId(),
                clock.instant())), false);
        assertEquals(202, res.statusCode(), res.body());
    }

    private static JsonNode device(EnrollResponse d) throws Exception {
        return ok(one.adminGet("/api/v1/devices/" + d.deviceId())).get("device");
    }

    /** The stale flags of the devices listed with {@code stale=} whose host name is the device's. */
    private static List<Boolean> listed(EnrollResponse d, String stale) throws Exception {
        String host = device(d).get("hostname").asText();
        List<Boolean> out = new ArrayList<>();
        for (JsonNode n : ok(one.adminGet("/api/v1/devices?limit=1000&stale=" + stale + "&q=" + host)).get("items")) {
            out.add(n.get("stale").asBoolean());
        }
        return out;
    }

    private static JsonNode staleFindings(EnrollResponse d, String status) throws Exception {
        return ok(one.adminGet("/api/v1/findings?status=" + status + "&rule=device.stale&device=" + d.deviceId()))
                .get("items");
    }

    /** Every device.stale row of the device, whatever its status: duplicates would show here. */
    private static long staleRows(EnrollResponse d) throws Exception {
        return one.collector().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM findings WHERE device_id = ? AND rule = 'device.stale' AND status = 'open'")) {
                ps.setObject(1, d.deviceId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static void lend(String serial) throws Exception {
        String tag = "S-" + UUID.randomUUID().toString().substring(0, 8);
        ok(one.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"laptop\",\"serial\":\"" + serial
                + "\"}"), 201);
        String person = ok(one.admin("POST", "/api/v1/people", "{\"staffId\":\"L" + UUID.randomUUID().toString()
                .substring(0, 8) + "\",\"name\":\"Lent Laptop\"}"), 201).get("id").asText();
        ok(two.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + person
                + "\",\"dueAt\":\"" + clock.instant().plus(Duration.ofDays(60)) + "\"}"), 201);
    }

    private static JsonNode ok(HttpResponse<String> res) throws Exception {
        return ok(res, 200);
    }

    private static JsonNode ok(HttpResponse<String> res, int status) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }


}
