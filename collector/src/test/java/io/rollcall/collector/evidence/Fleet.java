package io.rollcall.collector.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seeds devices through the real enrolment and report path, each with the facts a test wants: a laptop that meets
 * everything, or one that fails chosen checks. Also lends kit to a leaver through the API.
 */
public final class Fleet {
    private final TestCollector tc;

    public Fleet(TestCollector tc) {
        this.tc = tc;
    }

    /** What one laptop reports. Defaults meet every rule. */
    public record Spec(String hostname, String serial, int idleSeconds, Tri encrypted, boolean dailyAdmin,
                       Tri firewall, String osSupport) {
        public static Spec good(String hostname) {
            return new Spec(hostname, "SN-" + hostname, 600, Tri.YES, false, Tri.YES, OsUpdates.SUPPORTED);
        }

        public Spec idle(int s) {
            return new Spec(hostname, serial, s, encrypted, dailyAdmin, firewall, osSupport);
        }

        public Spec encrypted(Tri t) {
            return new Spec(hostname, serial, idleSeconds, t, dailyAdmin, firewall, osSupport);
        }

        public Spec withDailyAdmin() {
            return new Spec(hostname, serial, idleSeconds, encrypted, true, firewall, osSupport);
        }

        public Spec unsupported() {
            return new Spec(hostname, serial, idleSeconds, encrypted, dailyAdmin, firewall, OsUpdates.END_OF_SERVICING);
        }
    }

    /** Enrols (with the spec's names) and sends one full report; the device id. */
    public UUID device(Spec s) throws Exception {
        HttpResponse<String> res = tc.enrollAs(tc.enrollToken, UUID.randomUUID().toString(), s.hostname(), s.serial(), null);
        assertEquals(200, res.statusCode(), res.body());
        EnrollResponse e = WireJson.mapper().readValue(res.body(), EnrollResponse.class);
        report(e, s);
        return e.deviceId();
    }

    /** Sends a full report of {@code s} for an enrolled device. */
    public void report(EnrollResponse e, Spec s) throws Exception {
        Instant now = Instant.now();
        List<Account> users = List.of(
                new Account("anna.teacher", null, AccountKind.DOMAIN, s.dailyAdmin(), false, Tri.YES,
                        now.minusSeconds(600), 240, true, true),
                new Account("it.admin", null, AccountKind.LOCAL, true, false, Tri.YES, now.minus(Duration.ofDays(20)), 3,
                        true, true));
        List<ScreenLockSetting> locks = List.of(
                new ScreenLockSetting("anna.teacher", Tri.YES, s.idleSeconds(), Tri.YES, 0, SettingSource.POLICY, null),
                new ScreenLockSetting("it.admin", Tri.YES, 300, Tri.YES, 0, SettingSource.POLICY, null));
        Map<String, String> reasons = s.encrypted() == Tri.UNKNOWN
                ? Map.of("diskEncryption", "the agent may not read the volume's key protectors") : Map.of();
        Sections sec = Sections.EMPTY
                .withOs(new OsInfo("windows", "Windows 11 Education", "10.0.22631", "22631.4460", "x86_64", s.hostname()))
                .withHardware(new HardwareInfo(UUID.randomUUID().toString(), "smbios", s.serial(), "LENOVO", "20XW004GUK",
                        16L << 30, "Intel(R) Core(TM) i5-1135G7"))
                .withSoftware(List.of())
                .withRemovableMedia(new RemovableMedia(List.of(), List.of()))
                .withAccounts(new AccountsSection(users, Tri.NO))
                .withScreenLock(new ScreenLockSection(locks, new ScreenLockSetting(null, Tri.YES,
                        Math.max(300, s.idleSeconds()), Tri.YES, 0, SettingSource.POLICY, null)))
                .withSecurity(new SecuritySection(s.encrypted(), s.firewall(),
                        List.of(new Antivirus("Microsoft Defender Antivirus", Tri.YES, Tri.YES)), Tri.YES, reasons,
                        new OsUpdates("23H2", s.osSupport(), LocalDate.of(2026, 11, 10), "test", now.minus(Duration.ofDays(3)),
                                0, "windows-update")));
        Report r = new Report(Report.SCHEMA_VERSION, UUID.randomUUID(), e.deviceId(), "0.1.0", now, ReportKind.FULL, sec,
                null);
        HttpResponse<String> res = tc.postReport(e, ReportCodec.toJson(r), false);
        assertEquals(202, res.statusCode(), res.body());
    }

    /** A person who borrows an asset and then leaves; the asset tag. */
    public String leaverHolding(String name, String serial) throws Exception {
        String tag = "T-" + UUID.randomUUID().toString().substring(0, 8);
        ok(201, tc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"laptop\",\"make\":\"Lenovo\","
                + "\"model\":\"T14\",\"serial\":\"" + serial + "\",\"purchasedOn\":\"2024-09-01\",\"cost\":799.00}"));
        String staffId = "S" + UUID.randomUUID().toString().substring(0, 8);
        String id = ok(201, tc.admin("POST", "/api/v1/people", "{\"staffId\":\"" + staffId + "\",\"name\":\"" + name
                + "\",\"department\":\"Science\"}")).get("id").asText();
        ok(201, tc.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + id
                + "\",\"dueAt\":\"" + Instant.now().plus(Duration.ofDays(30)) + "\",\"conditionOut\":\"good\"}"));
        ok(200, tc.admin("PUT", "/api/v1/people/" + id, "{\"staffId\":\"" + staffId + "\",\"name\":\"" + name
                + "\",\"department\":\"Science\",\"status\":\"leaver\",\"leftOn\":\"" + LocalDate.now().minusDays(2) + "\"}"));
        return tag;
    }

    static JsonNode ok(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }
}
