package io.rollcall.collector.loans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.ReportCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lent laptop joined with its agent: the register link, the silent flag and the return inspection. */
class LentDeviceTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static MutableClock clock = new MutableClock(Instant.parse("2025-05-01T08:00:00Z"));
    static LoanApi api;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0, c -> c, clock);
        api = new LoanApi(rc);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void silentLentLaptopIsFlaggedAndItsReturnInspectionListsWhatChanged() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        Report first = SampleReports.full(d.deviceId(), 11, 30, clock.instant());
        assertEquals(202, rc.postReport(d, ReportCodec.toGzipJson(first), true).statusCode());
        String serial = api.ok(200, rc.adminGet("/api/v1/devices/" + d.deviceId())).get("device").get("serialNumber").asText();

        String tag = api.asset("laptop", serial);
        JsonNode asset = api.ok(200, rc.adminGet("/api/v1/assets/" + tag));
        assertEquals(d.deviceId().toString(), asset.get("device").get("deviceId").asText());
        assertEquals(clock.instant().toString(), Instant.parse(asset.get("device").get("lastReportAt").asText()).toString());
        assertTrue(asset.get("device").get("openFindings").asInt() > 0, asset.toString());

        String person = api.person("Lent Laptop", null);
        String id = api.ok(201, api.lend(tag, person, clock.instant().plus(Duration.ofDays(30)).toString())).get("id").asText();
        assertFalse(api.ok(200, rc.adminGet("/api/v1/loans/" + id)).get("deviceSilent").asBoolean());

        clock.advance(Duration.ofDays(4));
        JsonNode silent = api.ok(200, rc.adminGet("/api/v1/loans/" + id));
        assertTrue(silent.get("deviceSilent").asBoolean(), silent.toString());
        assertTrue(LoanApi.contains(api.loans("?state=silent"), id));

        // during the loan: one package removed, one installed, one upgraded, a personal account added, a USB stick used
        List<SoftwareItem> sw = new ArrayList<>(first.sections().software());
        SoftwareItem removed = sw.remove(0);
        SoftwareItem upgraded = sw.remove(0);
        sw.add(new SoftwareItem(upgraded.name(), "99.0", upgraded.publisher(), clock.instant(), SoftwareSource.DPKG, upgraded.location()));
        sw.add(new SoftwareItem("steam", "1.0.0.78", "Valve", clock.instant(), SoftwareSource.DPKG, "steam:amd64"));
        List<Account> users = new ArrayList<>(first.sections().accounts().users());
        String hash = Hashes.accountNameHash("b", "gamer");
        users.add(new Account(null, hash, AccountKind.LOCAL, true, false, Tri.YES, clock.instant(), 3, true, false));
        Report second = SampleReports.full(d.deviceId(), 11, 30, clock.instant());
        second = new Report(second.schema(), second.reportId(), second.deviceId(), second.agentVersion(), second.collectedAt(),
                second.kind(), second.sections().withSoftware(sw).withAccounts(new AccountsSection(users, Tri.NO)), null);
        assertEquals(202, rc.postReport(d, ReportCodec.toGzipJson(second), true).statusCode());
        assertFalse(api.ok(200, rc.adminGet("/api/v1/loans/" + id)).get("deviceSilent").asBoolean());

        clock.advance(Duration.ofHours(2));
        JsonNode back = api.ok(200, rc.admin("POST", "/api/v1/loans/" + id + "/return", "{\"conditionIn\":\"fine\"}"));
        JsonNode insp = back.get("inspection");
        assertNotNull(insp, back.toString());
        assertEquals(List.of("steam"), names(insp.get("softwareInstalled")));
        assertEquals(List.of(removed.name()), names(insp.get("softwareRemoved")));
        assertEquals(upgraded.name(), insp.get("softwareChanged").get(0).get("name").asText());
        assertEquals("99.0", insp.get("softwareChanged").get(0).get("to").asText());
        assertEquals(1, insp.get("accountsAdded").size());
        assertEquals(hash, insp.get("accountsAdded").get(0).get("account").asText());
        assertEquals(1, insp.get("mediaConnected").size(), insp.toString());
        assertEquals("SanDisk", insp.get("mediaConnected").get(0).get("vendor").asText());
        // the report stored at the moment of lending and the one during the loan
        assertEquals(2, insp.get("reports").asInt(), insp.toString());
        assertEquals("first-run admin token", back.get("receivedBy").asText());

        // after the return the laptop changes again: read later, the inspection still covers the loan alone, its
        // "after" the version that stood at the return (now a replaced one), not the device's current one
        clock.advance(Duration.ofDays(1));
        List<SoftwareItem> later = new ArrayList<>(sw);
        later.add(new SoftwareItem("fortnite", "30.1", "Epic Games", clock.instant(), SoftwareSource.DPKG, "fortnite:amd64"));
        Report third = SampleReports.full(d.deviceId(), 11, 30, clock.instant());
        third = new Report(third.schema(), third.reportId(), third.deviceId(), third.agentVersion(), third.collectedAt(),
                third.kind(), third.sections().withSoftware(later).withAccounts(new AccountsSection(users, Tri.NO)), null);
        assertEquals(202, rc.postReport(d, ReportCodec.toGzipJson(third), true).statusCode());
        JsonNode reread = api.ok(200, rc.adminGet("/api/v1/loans/" + id + "/inspection")).get("inspection");
        assertEquals(List.of("steam"), names(reread.get("softwareInstalled")), reread.toString());
        assertEquals(List.of(removed.name()), names(reread.get("softwareRemoved")));
        assertEquals(insp.get("baselineAt").asText(), reread.get("baselineAt").asText());
    }

    private static List<String> names(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
