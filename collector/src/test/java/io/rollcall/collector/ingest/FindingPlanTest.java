package io.rollcall.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.FindingReconciler;
import io.rollcall.collector.findings.OpenFinding;
import io.rollcall.collector.findings.Outcome;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.collector.findings.rules.MediaUnapprovedRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which confirmations of an open finding are written: changes at once, a same-as-stored one at most hourly. */
class FindingPlanTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String RULE = "screenlock.idle-too-long";

    private static final String MEDIA = MediaUnapprovedRule.ID;

    private static OpenFinding stored(Instant lastSeen, Map<String, Object> evidence) {
        return stored(RULE, lastSeen, evidence);
    }

    private static OpenFinding stored(String rule, Instant lastSeen, Map<String, Object> evidence) {
        return new OpenFinding(UUID.fromString("00000000-0000-0000-0000-000000000001"), rule, "", Outcome.FAIL,
                Severity.MEDIUM, NOW.minus(Duration.ofDays(3)), lastSeen, evidence, "AUP 4.2");
    }

    private static List<PreparedReport.FindingWrite> confirm(OpenFinding was, Verdict v) {
        var changes = FindingReconciler.reconcile(List.of(was), List.of(v), NOW, Set.of(was.rule()));
        return FindingPlan.of(List.of(was), changes, RuleEngine.defaults(), Policy.defaults(), NOW).writes();
    }

    private static Verdict verdict(Map<String, Object> evidence, Severity severity) {
        return verdict(RULE, evidence, severity);
    }

    private static Verdict verdict(String rule, Map<String, Object> evidence, Severity severity) {
        return new Verdict(rule, "", Outcome.FAIL, severity, evidence, "AUP 4.2");
    }

    /** A plugged-in medium's evidence as {@link MediaUnapprovedRule} writes it, seen connected at {@code at}. */
    private static Map<String, Object> stick(Instant at, boolean connectedNow) {
        return new java.util.LinkedHashMap<>(Map.of("kind", "usb-storage", "vendor", "SanDisk", "serial", "AAA111",
                "connectedNow", connectedNow, "lastSeenConnected", at.toString()));
    }

    @Test
    void aFindingConfirmedAsStoredWithinTheHourIsNotWrittenAgain() {
        // stored evidence comes back from JSON (an int may come back as another number type): still the same
        OpenFinding was = stored(NOW.minus(Duration.ofMinutes(59)), Map.of("idleSeconds", 1800));
        assertEquals(List.of(), confirm(was, verdict(Map.of("idleSeconds", 1800L), Severity.MEDIUM)));
    }

    @Test
    void aConfirmationAfterTheHourMovesLastSeen() {
        OpenFinding was = stored(NOW.minus(Duration.ofMinutes(61)), Map.of("idleSeconds", 1800));
        List<PreparedReport.FindingWrite> w = confirm(was, verdict(Map.of("idleSeconds", 1800), Severity.MEDIUM));
        assertEquals(1, w.size());
        assertEquals(PreparedReport.FindingWrite.Op.UPDATE, w.get(0).op());
        assertEquals(NOW, w.get(0).lastSeen());
        assertEquals(null, w.get(0).historyChange(), "a confirmation is no change in the finding's history");
    }

    @Test
    void changedEvidenceOrSeverityIsWrittenAtOnce() {
        OpenFinding was = stored(NOW.minusSeconds(5), Map.of("idleSeconds", 1800));
        List<PreparedReport.FindingWrite> evidence = confirm(was, verdict(Map.of("idleSeconds", 3600), Severity.MEDIUM));
        assertEquals(1, evidence.size());
        assertTrue(evidence.get(0).evidenceJson().contains("3600"));
        List<PreparedReport.FindingWrite> severity = confirm(was, verdict(Map.of("idleSeconds", 1800), Severity.HIGH));
        assertEquals(1, severity.size());
        assertEquals("changed", severity.get(0).historyChange());
    }

    @Test
    void aPluggedInMediumSeenAgainWithinTheHourIsAConfirmationNotAWrite() {
        // every report of a laptop with a stick in it moves lastSeenConnected: that only dates the finding
        OpenFinding was = stored(MEDIA, NOW.minus(Duration.ofMinutes(20)), stick(NOW.minus(Duration.ofMinutes(20)), true));
        assertEquals(List.of(), confirm(was, verdict(MEDIA, stick(NOW, true), Severity.MEDIUM)));

        // after the hour it is written, with the new time in the evidence
        OpenFinding older = stored(MEDIA, NOW.minus(Duration.ofMinutes(61)), stick(NOW.minus(Duration.ofMinutes(61)), true));
        List<PreparedReport.FindingWrite> w = confirm(older, verdict(MEDIA, stick(NOW, true), Severity.MEDIUM));
        assertEquals(1, w.size());
        assertTrue(w.get(0).evidenceJson().contains(NOW.toString()), w.get(0).evidenceJson());
        assertEquals(null, w.get(0).historyChange());
    }

    @Test
    void aMediumUnpluggedOrAnyOtherEvidenceChangeIsWrittenAtOnce() {
        OpenFinding was = stored(MEDIA, NOW.minus(Duration.ofMinutes(5)), stick(NOW.minus(Duration.ofMinutes(5)), true));
        List<PreparedReport.FindingWrite> unplugged = confirm(was,
                verdict(MEDIA, stick(NOW.minus(Duration.ofMinutes(5)), false), Severity.MEDIUM));
        assertEquals(1, unplugged.size());
        assertTrue(unplugged.get(0).evidenceJson().contains("\"connectedNow\":false"), unplugged.get(0).evidenceJson());

        Map<String, Object> other = stick(NOW, true);
        other.put("serial", "BBB222");
        assertEquals(1, confirm(was, verdict(MEDIA, other, Severity.MEDIUM)).size());

        Map<String, Object> undated = stick(NOW, true);
        undated.remove("lastSeenConnected");
        assertEquals(1, confirm(was, verdict(MEDIA, undated, Severity.MEDIUM)).size(), "a key that goes is a change");
        // another rule's keys of that name are not observation times
        OpenFinding screen = stored(NOW.minus(Duration.ofMinutes(5)), Map.of("lastSeenConnected", "a"));
        assertEquals(1, confirm(screen, verdict(Map.of("lastSeenConnected", "b"), Severity.MEDIUM)).size());
    }
}
