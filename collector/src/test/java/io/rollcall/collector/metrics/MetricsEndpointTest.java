package io.rollcall.collector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Report;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} of a real collector, scraped with its token after real reports and enrolments. */
class MetricsEndpointTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static final String TOKEN = TestCollector.randomToken("metrics-");
    static final String REPORTS = "rollcall_ingest_reports_seconds_count";

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0, c -> c.withMetrics(new MetricsSettings(TOKEN)), java.time.Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void countersMoveWithReportsEnrolmentsAndFindingsAndTheTextIsPrometheusFormat() throws Exception {
        List<PromText.Sample> before = scrape();
        EnrollResponse a = rc.enroll(UUID.randomUUID().toString());
        EnrollResponse b = rc.enroll(UUID.randomUUID().toString());
        assertEquals(401, rc.enrollAs("rc_enroll_wrong", UUID.randomUUID().toString(), "h", "s", null).statusCode());

        Report full = SampleReports.full(a.deviceId(), 11, 120, Instant.now());
        byte[] fullBody = ReportCodec.toGzipJson(full);
        assertEquals(202, rc.postReport(a, fullBody, true).statusCode());
        assertEquals(202, rc.postReport(a, fullBody, true).statusCode()); // a replay: duplicate
        assertEquals(202, rc.postReport(a, ReportCodec.toGzipJson(SampleReports.heartbeat(a.deviceId(), Instant.now())),
                true).statusCode());
        // device b posting a's report: decoded (kind known), then refused
        assertEquals(403, rc.postReport(b, ReportCodec.toGzipJson(SampleReports.full(a.deviceId(), 12, 10,
                Instant.now())), true).statusCode());
        // a wrong secret: refused before the body is read, so its kind is unknown
        EnrollResponse forged = EnrollResponse.enrolled(a.deviceId(), "not-the-secret", a.reportIntervalSeconds());
        assertEquals(401, rc.postReport(forged, fullBody, true).statusCode());
        // the daily account stops being an administrator: accounts.daily-admin resolves
        List<Account> users = full.sections().accounts().users().stream().map(u -> new Account(u.name(), u.nameHash(),
                u.kind(), false, u.disabled(), u.passwordSet(), u.lastLoginAt(), u.loginCount(), u.interactive(),
                u.isSchoolAccount())).toList();
        Report fixed = new Report(full.schema(), UUID.randomUUID(), full.deviceId(), full.agentVersion(), Instant.now(),
                full.kind(), full.sections().withAccounts(new AccountsSection(users, full.sections().accounts().guestEnabled())),
                null);
        assertEquals(202, rc.postReport(a, ReportCodec.toGzipJson(fixed), true).statusCode());

        // a path is never a label: neither an unknown one nor a device's
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        assertEquals(404, rc.send(rc.request("/no-such/" + marker).GET()).statusCode());
        assertEquals(200, rc.adminGet("/api/v1/devices/" + a.deviceId()).statusCode());

        HttpResponse<String> res = rc.send(rc.request("/metrics").header("Authorization", "Bearer " + TOKEN).GET());
        assertEquals(200, res.statusCode());
        assertEquals(MetricsRoutes.CONTENT_TYPE, res.headers().firstValue("Content-Type").orElseThrow());
        List<PromText.Sample> after = PromText.parse(res.body());

        assertEquals(2, moved(before, after, REPORTS, Map.of("kind", "full", "outcome", "stored")));
        assertEquals(1, moved(before, after, REPORTS, Map.of("kind", "full", "outcome", "duplicate")));
        assertEquals(1, moved(before, after, REPORTS, Map.of("kind", "heartbeat", "outcome", "stored")));
        assertEquals(1, moved(before, after, REPORTS, Map.of("kind", "full", "outcome", "refused")));
        assertEquals(1, PromText.value(after, REPORTS, Map.of("kind", "unknown", "outcome", "refused")));
        // every report answered falls in the histogram's last (+Inf) bucket
        assertEquals(2, moved(before, after, "rollcall_ingest_reports_seconds_bucket",
                Map.of("kind", "full", "outcome", "stored", "le", "+Inf")));
        assertEquals(2, moved(before, after, "rollcall_enrolments_total", Map.of("outcome", "enrolled")));
        assertEquals(1, moved(before, after, "rollcall_enrolments_total", Map.of("outcome", "refused")));
        assertEquals(1, moved(before, after, "rollcall_findings_opened_total", Map.of("rule", "accounts.daily-admin")));
        assertEquals(1, moved(before, after, "rollcall_findings_resolved_total", Map.of("rule", "accounts.daily-admin")));
        assertTrue(PromText.value(after, "rollcall_findings_opened_total", Map.of("rule", "screenlock.idle-too-long")) >= 1);

        assertEquals(1, PromText.value(after, "rollcall_cluster_members", Map.of()));
        assertEquals(0, PromText.value(after, "rollcall_ingest_writer_queue", Map.of()));
        assertTrue(PromText.value(after, "rollcall_db_pool_connections", Map.of("state", "idle")) >= 1);
        assertEquals(0, PromText.value(after, "rollcall_db_pool_connections", Map.of("state", "pending")));
        assertTrue(PromText.value(after, "rollcall_db_pool_max", Map.of()) >= 1);
        // Vert.x's own HTTP server metrics, labelled by the route templates a request passed through
        assertTrue(after.stream().filter(x -> x.name().equals("vertx_http_server_requests_total")
                && x.labels().getOrDefault("route", "").startsWith("/api/v1/reports")
                && "202".equals(x.labels().get("code"))).mapToDouble(PromText.Sample::value).sum() >= 4, res.body());
        assertTrue(PromText.value(after, "jvm_memory_used_bytes", Map.of("area", "heap")) > 0);

        String text = res.body();
        for (String secret : List.of(a.deviceId().toString(), b.deviceId().toString(), a.deviceSecret(),
                b.deviceSecret(), rc.enrollToken, rc.adminToken, TOKEN, "lab-11", "jane.doe", "SN11", marker)) {
            assertFalse(text.contains(secret), "the scrape must not carry " + secret);
        }
    }

    @Test
    void anAgentsUnchangedListIsKnownByItsGzipMemberAndCounted() throws Exception {
        List<PromText.Sample> before = scrape();
        EnrollResponse c = rc.enroll(UUID.randomUUID().toString());
        Report full = SampleReports.full(c.deviceId(), 21, 200, Instant.now());
        // the agent's form: the list in a gzip member of its own
        assertEquals(202, rc.postReport(c, ReportCodec.encodeForSending(full), true).statusCode());
        Report again = new Report(full.schema(), UUID.randomUUID(), full.deviceId(), full.agentVersion(), Instant.now(),
                full.kind(), full.sections(), null);
        assertEquals(202, rc.postReport(c, ReportCodec.encodeForSending(again), true).statusCode());
        List<PromText.Sample> after = scrape();
        assertEquals(1, moved(before, after, "rollcall_ingest_list_members_known_total", Map.of()),
                "the second report's list member was known by its bytes");
        assertTrue(PromText.value(after, "rollcall_ingest_list_members_remembered", Map.of()) >= 1);
        assertEquals(2, moved(before, after, REPORTS, Map.of("kind", "full", "outcome", "stored")));
        assertEquals(200, ((java.util.List<?>) new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                rc.adminGet("/api/v1/devices/" + c.deviceId()).body(), java.util.Map.class).get("software")).size(),
                "the device's list is whole");
    }

    @Test
    void theTokenIsRequiredWhenSetEvenOnLoopback() throws Exception {
        assertEquals(401, rc.send(rc.request("/metrics").GET()).statusCode());
        HttpResponse<String> wrong = rc.send(rc.request("/metrics").header("Authorization", "Bearer " + TOKEN + "x").GET());
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains(TOKEN));
        assertEquals(401, rc.send(rc.request("/metrics").header("Authorization", "Basic " + TOKEN).GET()).statusCode());
        assertEquals(200, rc.send(rc.request("/metrics").header("Authorization", "bearer " + TOKEN).GET()).statusCode());
    }

    @Test
    void healthLiveAndReadyAnswerWithoutCredentialsAndSayNoMore() throws Exception {
        HttpResponse<String> live = rc.send(rc.request("/health/live").GET());
        assertEquals(200, live.statusCode());
        assertEquals("{\"status\":\"UP\"}", live.body());
        HttpResponse<String> ready = rc.send(rc.request("/health/ready").GET());
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"UP\"}", ready.body());
    }

    private static List<PromText.Sample> scrape() throws Exception {
        HttpResponse<String> res = rc.send(rc.request("/metrics").header("Authorization", "Bearer " + TOKEN).GET());
        assertEquals(200, res.statusCode(), res.body());
        return PromText.parse(res.body());
    }

    private static double moved(List<PromText.Sample> before, List<PromText.Sample> after, String name,
                                Map<String, String> labels) {
        double b = PromText.value(before, name, labels);
        return PromText.value(after, name, labels) - (Double.isNaN(b) ? 0 : b);
    }
}
