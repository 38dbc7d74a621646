package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.findings.rules.OsUpdateRules;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OsUpdateRulesTest {
    private static final Instant NOW = Fixtures.NOW; // 2025-03-10T12:00:00Z

    private static Sections sec(Tri upToDate, String reason, OsUpdates u) {
        return Sections.EMPTY.withSecurity(new SecuritySection(Tri.YES, Tri.YES, List.of(), upToDate,
                reason == null ? Map.of() : Map.of("osUpToDate", reason), u));
    }

    private static OsUpdates updates(String support, Instant last, Integer pending) {
        return new OsUpdates("Windows 11 23H2", support, LocalDate.parse("2026-11-10"), "2026-12-01", last, pending,
                "Win32_QuickFixEngineering");
    }

    /** The security section of a real report: this project's Debian 12 build host, scanned by the agent. */
    private static StoredReport debianBuildHost() throws IOException {
        try (InputStream in = OsUpdateRulesTest.class.getResourceAsStream("/reports/debian12-build-host-scan.json")) {
            JsonNode report = WireJson.mapper().readTree(in);
            SecuritySection s = WireJson.mapper().treeToValue(report.get("sections").get("security"),
                    SecuritySection.class);
            return new StoredReport(Sections.EMPTY.withSecurity(s), Instant.parse(report.get("collectedAt").asText()));
        }
    }

    private record StoredReport(Sections sections, Instant collectedAt) {
        List<Verdict> verdicts(Policy p, String rule) {
            return Fixtures.ENGINE.evaluate(new DeviceFacts(Fixtures.DEVICE, sections, collectedAt, List.of(), false),
                    p, collectedAt).stream().filter(v -> v.rule().equals(rule)).toList();
        }
    }

    @Test
    void realDebianReportWithAnUpgradeSeventyFourDaysOldIsOverdueWithTheDates() throws IOException {
        StoredReport r = debianBuildHost();
        List<Verdict> v = r.verdicts(Policy.defaults(), OsUpdateRules.OVERDUE);
        assertEquals(1, v.size());
        assertEquals(Outcome.FAIL, v.get(0).outcome());
        assertEquals(Severity.HIGH, v.get(0).severity());
        assertEquals("2026-09-22T04:45:19Z", v.get(0).evidence().get("lastUpdateAt"));
        assertEquals(74L, ((Number) v.get(0).evidence().get("daysSinceUpdate")).longValue());
        assertEquals(14, v.get(0).evidence().get("maxDays"));
        assertEquals("apt-history", v.get(0).evidence().get("source"));
        assertEquals("000 §5.6; 001 §3; 002 §8; 003 §5", v.get(0).policyRef());
        // Debian 12 is served by LTS until 2028-06-30
        assertTrue(r.verdicts(Policy.defaults(), OsUpdateRules.UNSUPPORTED).isEmpty());
    }

    @Test
    void theSameReportPassesUnderASchoolsNinetyDayPolicy() throws IOException {
        Policy ninety = new Policy(null, null, null, null, null, null, null, null, null, null, 90);
        assertTrue(debianBuildHost().verdicts(ninety, OsUpdateRules.OVERDUE).isEmpty());
    }

    @Test
    void endOfServicingFailsHighWithTheEndDateAndTableVersion() {
        Verdict v = verdicts(sec(Tri.NO, "Windows 11 23H2 enterprise-education stopped getting security updates",
                updates(OsUpdates.END_OF_SERVICING, NOW.minus(Duration.ofDays(3)), null)), OsUpdateRules.UNSUPPORTED)
                .get(0);
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(Severity.HIGH, v.severity());
        assertEquals("2026-11-10", v.evidence().get("supportEnds"));
        assertEquals("2026-12-01", v.evidence().get("supportTableVersion"));
        assertEquals("Windows 11 23H2", v.evidence().get("release"));
        // updated three days ago: not overdue, the release is the problem
        assertTrue(verdicts(sec(Tri.NO, "x", updates(OsUpdates.END_OF_SERVICING, NOW.minus(Duration.ofDays(3)),
                null)), OsUpdateRules.OVERDUE).isEmpty());
    }

    @Test
    void aReleaseTheTableDoesNotKnowCannotBeVerifiedAtLowSeverity() {
        Verdict v = verdicts(sec(Tri.UNKNOWN, "Linux Mint 22 is not in the support table 2026-12-01",
                updates(OsUpdates.UNKNOWN, NOW, null)), OsUpdateRules.UNSUPPORTED).get(0);
        assertEquals(Outcome.UNKNOWN, v.outcome());
        assertEquals(Severity.LOW, v.severity());
        assertEquals("cannot verify", v.evidence().get("status"));
        assertEquals("Linux Mint 22 is not in the support table 2026-12-01", v.evidence().get("reason"));
    }

    @Test
    void anOldUpdateIsFineWhenTheAgentSawTheUpdaterFindNothingToInstall() {
        assertTrue(verdicts(sec(Tri.YES, "the updater last ran 2025-03-09 and found nothing left to install",
                updates(OsUpdates.SUPPORTED, NOW.minus(Duration.ofDays(40)), 0)), OsUpdateRules.OVERDUE).isEmpty());
    }

    @Test
    void overdueSecurityUpdatesFailEvenAfterARecentUpgrade() {
        Verdict v = verdicts(sec(Tri.NO, "2 security update(s) pending in package lists fetched 2025-02-20",
                updates(OsUpdates.SUPPORTED, NOW.minus(Duration.ofDays(2)), 2)), OsUpdateRules.OVERDUE).get(0);
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(2, v.evidence().get("pendingSecurityUpdates"));
        assertEquals(2L, ((Number) v.evidence().get("daysSinceUpdate")).longValue());
    }

    @Test
    void freshPendingUpdatesCannotBeVerifiedYet() {
        Verdict v = verdicts(sec(Tri.UNKNOWN, "2 security update(s) pending in package lists fetched 2025-03-09",
                updates(OsUpdates.SUPPORTED, NOW.minus(Duration.ofDays(2)), 2)), OsUpdateRules.OVERDUE).get(0);
        assertEquals(Outcome.UNKNOWN, v.outcome());
        assertEquals(Severity.LOW, v.severity());
    }

    @Test
    void noUpdateHistoryCannotBeVerified() {
        Verdict v = verdicts(sec(Tri.UNKNOWN, "Win32_QuickFixEngineering unavailable: access denied",
                updates(OsUpdates.SUPPORTED, null, null)), OsUpdateRules.OVERDUE).get(0);
        assertEquals(Outcome.UNKNOWN, v.outcome());
        assertEquals("Win32_QuickFixEngineering unavailable: access denied", v.evidence().get("reason"));
    }

    @Test
    void reportsWithoutOsUpdatesAreJudgedOnOsUpToDateAlone() {
        assertEquals(Outcome.FAIL, verdicts(sec(Tri.NO, "old agent", null), OsUpdateRules.OVERDUE).get(0).outcome());
        Verdict unknown = verdicts(sec(Tri.UNKNOWN, "pending Windows updates are not checked yet", null),
                OsUpdateRules.OVERDUE).get(0);
        assertEquals(Outcome.UNKNOWN, unknown.outcome());
        assertEquals("pending Windows updates are not checked yet", unknown.evidence().get("reason"));
        assertTrue(verdicts(sec(Tri.UNKNOWN, "x", null), OsUpdateRules.UNSUPPORTED).isEmpty());
        assertTrue(verdicts(sec(Tri.YES, null, null), OsUpdateRules.OVERDUE).isEmpty());
    }

    @Test
    void theThresholdIsRangeCheckedNamingTheField() {
        Policy p = new Policy(null, null, null, null, null, null, null, null, null, null, 0);
        assertEquals(List.of("osUpdateMaxDays was 0, must be 1 to 365 days"), p.problems());
        assertEquals(14, Policy.defaults().osUpdateMaxDays());
    }
}
