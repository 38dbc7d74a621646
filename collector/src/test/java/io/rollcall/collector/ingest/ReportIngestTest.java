package io.rollcall.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports through real HTTPS into a real collector: stored once, findings opened and resolved, admin reads. */
class ReportIngestTest {
    @TempDir
    static Path dir;
    static TestCollector rc;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void fullReportIsStoredAndShownWithItsSoftwareAndFindings() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Report r = SampleReports.full(d.deviceId(), 7, 850, Instant.now());
        HttpResponse<String> res = rc.postReport(d, ReportCodec.toGzipJson(r), true);
        assertEquals(202, res.statusCode(), res.body());
        assertFalse(WireJson.mapper().readTree(res.body()).get("duplicate").asBoolean());

        JsonNode detail = WireJson.mapper().readTree(rc.adminGet("/api/v1/devices/" + d.deviceId()).body());
        assertEquals(850, detail.get("software").size());
        assertEquals("lab-7", detail.get("device").get("hostname").asText());
        assertEquals(1, detail.get("removableMedia").get("events").size());
        List<String> rules = rules(detail.get("findings"));
        assertTrue(rules.contains("accounts.daily-admin"), rules.toString());
        assertTrue(rules.contains("screenlock.idle-too-long"), rules.toString());
        assertTrue(rules.contains("screenlock.no-password"), rules.toString());
        assertTrue(rules.contains("media.unapproved"), rules.toString());
        assertTrue(rules.contains("software.unapproved"), rules.toString());
        assertFalse(detail.get("device").get("compliant").asBoolean());
    }

    @Test
    void replayedReportIsAcknowledgedAgainButStoredOnce() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        byte[] body = ReportCodec.toGzipJson(SampleReports.full(d.deviceId(), 8, 50, Instant.now()));
        assertEquals(202, rc.postReport(d, body, true).statusCode());
        var before = rc.rowCounts();
        HttpResponse<String> again = rc.postReport(d, body, true);
        assertEquals(202, again.statusCode());
        assertTrue(WireJson.mapper().readTree(again.body()).get("duplicate").asBoolean());
        assertEquals(before, rc.rowCounts());
    }

    @Test
    void mediaHistoryRepeatedInALaterReportIsStoredOnce() throws Exception {
        // an agent resends system-recorded history (USBSTOR, kernel journal) until a report carrying it is acknowledged
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Report first = SampleReports.full(d.deviceId(), 31, 10, Instant.now());
        assertEquals(202, rc.postReport(d, ReportCodec.toGzipJson(first), true).statusCode());
        var before = rc.rowCounts();
        Report again = new Report(first.schema(), UUID.randomUUID(), first.deviceId(), first.agentVersion(),
                first.collectedAt().plusSeconds(3600), first.kind(), first.sections(), first.diagnostics());
        assertEquals(202, rc.postReport(d, ReportCodec.toGzipJson(again), true).statusCode());
        var after = rc.rowCounts();
        assertEquals(before.get("report_log") + 1, after.get("report_log"));
        assertEquals(before.get("media_events"), after.get("media_events"));
        JsonNode detail = WireJson.mapper().readTree(rc.adminGet("/api/v1/devices/" + d.deviceId()).body());
        assertEquals(1, detail.get("removableMedia").get("events").size());
    }

    @Test
    void findingResolvesWhenALaterReportNoLongerShowsTheProblem() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Report bad = SampleReports.full(d.deviceId(), 9, 20, Instant.now());
        assertEquals(202, rc.postReport(d, ReportCodec.toGzipJson(bad), true).statusCode());
        assertTrue(openRules(d).contains("screenlock.no-password"));

        ScreenLockSetting good = new ScreenLockSetting("jane.doe", Tri.YES, 300, Tri.YES, 0, SettingSource.POLICY, null);
        Report fixed = new Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", Instant.now(), ReportKind.DELTA,
                io.rollcall.common.report.Sections.EMPTY.withScreenLock(new ScreenLockSection(List.of(good), good)), null);
        assertEquals(202, rc.postReport(d, ReportCodec.toJson(fixed), false).statusCode());
        List<String> open = openRules(d);
        assertFalse(open.contains("screenlock.no-password"), open.toString());
        assertFalse(open.contains("screenlock.idle-too-long"), open.toString());
        // the delta had no software section, so software findings stay as they were
        assertTrue(open.contains("software.unapproved"), open.toString());
        JsonNode resolved = WireJson.mapper().readTree(rc.adminGet("/api/v1/findings?status=resolved&device=" + d.deviceId()).body());
        assertTrue(rules(resolved.get("items")).contains("screenlock.no-password"));
    }

    @Test
    void heartbeatUpdatesLastSeenWithoutTouchingSections() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        assertEquals(202, rc.postReport(d, ReportCodec.toJson(SampleReports.full(d.deviceId(), 10, 30, Instant.now())), false).statusCode());
        var before = rc.rowCounts();
        assertEquals(202, rc.postReport(d, ReportCodec.toJson(SampleReports.heartbeat(d.deviceId(), Instant.now())), false).statusCode());
        var after = rc.rowCounts();
        assertEquals(before.get("device_sections"), after.get("device_sections"));
        assertEquals(before.get("report_log") + 1, after.get("report_log"));
    }

    @Test
    void reEnrollingTheSameHardwareWithItsCurrentSecretKeepsTheDeviceIdAndRevokesTheOldSecret() throws Exception {
        String hw = UUID.randomUUID().toString();
        EnrollResponse first = rc.enroll(hw);
        // issue 11: only the holder of the current secret rotates it at once (ReEnrolmentTest covers the rest)
        HttpResponse<String> res = rc.enrollAs(rc.enrollToken, hw, "host-" + hw.substring(0, 8), "SN-" + hw.substring(0, 6), first);
        assertEquals(200, res.statusCode(), res.body());
        EnrollResponse second = WireJson.mapper().readValue(res.body(), EnrollResponse.class);
        assertEquals(EnrollResponse.ENROLLED, second.status());
        assertEquals(first.deviceId(), second.deviceId());
        byte[] body = ReportCodec.toJson(SampleReports.heartbeat(first.deviceId(), Instant.now()));
        assertEquals(401, rc.postReport(first, body, false).statusCode());
        assertEquals(202, rc.postReport(second, body, false).statusCode());
    }

    @Test
    void summaryCountsDevicesAndFailingRules() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        assertEquals(202, rc.postReport(d, ReportCodec.toJson(SampleReports.full(d.deviceId(), 11, 10, Instant.now())), false).statusCode());
        JsonNode s = WireJson.mapper().readTree(rc.adminGet("/api/v1/compliance/summary").body());
        assertTrue(s.get("devices").asLong() >= 1);
        assertTrue(s.get("byRule").get("accounts.daily-admin").asLong() >= 1);
        JsonNode list = WireJson.mapper().readTree(rc.adminGet("/api/v1/devices?compliant=false&q=lab-11").body());
        assertEquals(1, list.get("total").asLong());
    }

    @Test
    void adminApiRefusesRequestsWithoutTheToken() throws Exception {
        for (String path : List.of("/api/v1/devices", "/api/v1/findings", "/api/v1/compliance/summary",
                "/api/v1/devices/" + UUID.randomUUID())) {
            HttpResponse<String> res = rc.send(rc.request(path).GET());
            assertEquals(401, res.statusCode(), path);
            assertEquals("unauthorized", WireJson.mapper().readTree(res.body()).get("error").asText());
            assertEquals(401, rc.send(rc.request(path).header("Authorization", "Bearer " + rc.enrollToken).GET()).statusCode());
        }
        assertEquals(200, rc.send(rc.request("/health").GET()).statusCode());
    }

    private static List<String> openRules(EnrollResponse d) throws Exception {
        return rules(WireJson.mapper().readTree(rc.adminGet("/api/v1/findings?status=open&device=" + d.deviceId()).body()).get("items"));
    }

    private static List<String> rules(JsonNode findings) {
        return java.util.stream.StreamSupport.stream(findings.spliterator(), false).map(f -> f.get("rule").asText()).toList();
    }
}
