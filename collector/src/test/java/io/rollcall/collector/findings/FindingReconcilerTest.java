package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.FindingReconciler.Changes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FindingReconcilerTest {
    private static final Instant EARLIER = NOW.minus(Duration.ofDays(3));
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000f1");

    private static Verdict verdict(String rule, String subject, Outcome outcome, Map<String, Object> evidence) {
        return new Verdict(rule, subject, outcome, Severity.HIGH, evidence, "ref");
    }

    private static OpenFinding open(String rule, String subject, Outcome outcome) {
        return new OpenFinding(ID, rule, subject, outcome, Severity.HIGH, EARLIER, EARLIER, Map.of("old", 1), "ref");
    }

    @Test
    void newVerdictOpensAFindingWithANewId() {
        Changes c = FindingReconciler.reconcile(List.of(),
                List.of(verdict("media.unapproved", "0781:5581:A", Outcome.FAIL, Map.of())), NOW,
                Set.of("media.unapproved"));
        assertEquals(1, c.opened().size());
        OpenFinding f = c.opened().get(0);
        assertNotNull(f.id());
        assertEquals("0781:5581:A", f.subject());
        assertEquals(NOW, f.firstSeen());
        assertEquals(NOW, f.lastSeen());
        assertTrue(c.updated().isEmpty() && c.resolved().isEmpty());
    }

    @Test
    void repeatedVerdictUpdatesLastSeenAndEvidenceKeepingIdAndFirstSeen() {
        Changes c = FindingReconciler.reconcile(List.of(open("screenlock.disabled", "", Outcome.FAIL)),
                List.of(verdict("screenlock.disabled", "", Outcome.FAIL, Map.of("new", 2))), NOW,
                Set.of("screenlock.disabled"));
        assertTrue(c.opened().isEmpty() && c.resolved().isEmpty());
        OpenFinding f = c.updated().get(0);
        assertEquals(ID, f.id());
        assertEquals(EARLIER, f.firstSeen());
        assertEquals(NOW, f.lastSeen());
        assertEquals(Map.of("new", 2), f.evidence());
    }

    @Test
    void verdictGoneResolvesTheFinding() {
        OpenFinding f = open("screenlock.disabled", "", Outcome.FAIL);
        Changes c = FindingReconciler.reconcile(List.of(f), List.of(), NOW, Set.of("screenlock.disabled"));
        assertEquals(List.of(f), c.resolved());
        assertTrue(c.opened().isEmpty() && c.updated().isEmpty());
    }

    @Test
    void findingOfARuleNotEvaluatedIsNotResolved() {
        OpenFinding software = open("software.unapproved", "", Outcome.FAIL);
        Changes c = FindingReconciler.reconcile(List.of(software), List.of(), NOW, Set.of("device.stale"));
        assertTrue(c.resolved().isEmpty() && c.updated().isEmpty() && c.opened().isEmpty());
    }

    @Test
    void outcomeChangeIsAnUpdateOfTheSameFinding() {
        Changes c = FindingReconciler.reconcile(List.of(open("security.unencrypted", "", Outcome.UNKNOWN)),
                List.of(verdict("security.unencrypted", "", Outcome.FAIL, Map.of())), NOW,
                Set.of("security.unencrypted"));
        assertTrue(c.opened().isEmpty() && c.resolved().isEmpty());
        assertEquals(ID, c.updated().get(0).id());
        assertEquals(Outcome.FAIL, c.updated().get(0).outcome());
    }

    @Test
    void subjectsOfOneRuleAreMatchedSeparately() {
        OpenFinding a = open("media.unapproved", "A", Outcome.FAIL);
        Changes c = FindingReconciler.reconcile(List.of(a),
                List.of(verdict("media.unapproved", "B", Outcome.FAIL, Map.of())), NOW, Set.of("media.unapproved"));
        assertEquals("B", c.opened().get(0).subject());
        assertEquals(List.of(a), c.resolved());
    }

    @Test
    void duplicateOpenFindingIsResolvedSoItHeals() {
        OpenFinding first = open("device.stale", "", Outcome.FAIL);
        OpenFinding dup = new OpenFinding(UUID.randomUUID(), "device.stale", "", Outcome.FAIL, Severity.MEDIUM, NOW,
                NOW, Map.of(), "");
        Changes c = FindingReconciler.reconcile(List.of(first, dup),
                List.of(verdict("device.stale", "", Outcome.FAIL, Map.of())), NOW, Set.of("device.stale"));
        assertEquals(ID, c.updated().get(0).id());
        assertEquals(List.of(dup), c.resolved());
    }

    @Test
    void newIdsComeFromTheGivenSupplier() {
        UUID fixed = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
        Changes c = FindingReconciler.reconcile(List.of(), List.of(verdict("r", "", Outcome.FAIL, Map.of())), NOW,
                Set.of("r"), () -> fixed);
        assertEquals(fixed, c.opened().get(0).id());
    }
}
