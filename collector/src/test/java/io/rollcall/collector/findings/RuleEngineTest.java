package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.ENGINE;
import static io.rollcall.collector.findings.Fixtures.NOW;
import static io.rollcall.collector.findings.Fixtures.facts;
import static io.rollcall.collector.findings.Fixtures.lock;
import static io.rollcall.collector.findings.Fixtures.screenLock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.rules.DeviceStaleRule;
import io.rollcall.collector.findings.rules.ScreenLockRules;
import io.rollcall.collector.findings.rules.SoftwareUnapprovedRule;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    private static final Sections NO_LOCK = screenLock(lock("alice", Tri.NO, 0, Tri.NO, 0));

    private static Verdict verdict(String rule, Outcome outcome, Severity severity) {
        return new Verdict(rule, "", outcome, severity, Map.of(), "ref");
    }

    @Test
    void defaultsHoldEveryRuleOfTheDesignWithUniqueIds() {
        assertEquals(List.of("screenlock.disabled", "screenlock.idle-too-long", "screenlock.no-password",
                "accounts.no-separate-account", "accounts.daily-admin", "accounts.guest-enabled",
                "accounts.no-password", "accounts.hidden-admin", "media.unapproved", "security.unencrypted",
                "security.no-antivirus", "security.firewall-off", "security.os-unsupported", "security.updates-overdue",
                "software.unapproved", "software.banned", "software.unlicensed",
                "device.stale"),
                ENGINE.rules().stream().map(Rule::id).toList());
        ENGINE.rules().forEach(r -> assertFalse(r.defaultPolicyRef().isBlank(), r.id()));
    }

    @Test
    void disabledRuleIsSkipped() {
        Policy p = Policy.defaults().withRule(ScreenLockRules.DISABLED, RuleSettings.disabled());
        List<Verdict> v = ENGINE.evaluate(facts(NO_LOCK), p, NOW);
        assertTrue(v.stream().noneMatch(x -> x.rule().equals(ScreenLockRules.DISABLED)));
        assertTrue(v.stream().anyMatch(x -> x.rule().equals(ScreenLockRules.NO_PASSWORD)));
    }

    @Test
    void policySeverityAndReferenceOverridesAreApplied() {
        Policy p = Policy.defaults().withRule(ScreenLockRules.DISABLED,
                new RuleSettings(true, Severity.CRITICAL, "Our AUP 4.2"));
        Verdict v = ENGINE.evaluate(facts(NO_LOCK), p, NOW).stream()
                .filter(x -> x.rule().equals(ScreenLockRules.DISABLED)).findFirst().orElseThrow();
        assertEquals(Severity.CRITICAL, v.severity());
        assertEquals("Our AUP 4.2", v.policyRef());
    }

    @Test
    void severityOverrideDoesNotRaiseUnknownVerdicts() {
        Sections unknown = screenLock(lock("alice", Tri.UNKNOWN, null, Tri.UNKNOWN, null));
        Policy p = Policy.defaults().withRule(ScreenLockRules.DISABLED, RuleSettings.severity(Severity.CRITICAL));
        Verdict v = ENGINE.evaluate(facts(unknown), p, NOW).get(0);
        assertEquals(Outcome.UNKNOWN, v.outcome());
        assertEquals(Severity.LOW, v.severity());
    }

    @Test
    void evaluationIsDeterministic() {
        assertEquals(ENGINE.evaluate(facts(NO_LOCK), Policy.defaults(), NOW),
                ENGINE.evaluate(facts(NO_LOCK), Policy.defaults(), NOW));
        assertEquals(List.of(ScreenLockRules.DISABLED, ScreenLockRules.NO_PASSWORD),
                ENGINE.evaluate(facts(NO_LOCK), Policy.defaults(), NOW).stream().map(Verdict::rule).toList());
    }

    @Test
    void ruleThatThrowsBecomesAnUnknownVerdictAndOthersStillRun() {
        Rule broken = new Rule() {
            public String id() {
                return "test.broken";
            }

            public Severity defaultSeverity() {
                return Severity.HIGH;
            }

            public String defaultPolicyRef() {
                return "x";
            }

            public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
                throw new IllegalStateException("boom");
            }

            public boolean evaluable(Sections current) {
                return true;
            }
        };
        RuleEngine engine = new RuleEngine(List.of(broken, new DeviceStaleRule()));
        DeviceFacts old = new DeviceFacts(Fixtures.DEVICE, Sections.EMPTY, NOW.minusSeconds(86_400L * 30),
                List.of(), false);
        List<Verdict> v = engine.evaluate(old, Policy.defaults(), NOW);
        assertEquals(Outcome.UNKNOWN, v.get(0).outcome());
        assertTrue(v.get(0).evidence().get("reason").toString().contains("boom"));
        assertEquals(DeviceStaleRule.ID, v.get(1).rule());
    }

    @Test
    void rulesAreEvaluableOnlyWhenTheirSectionsArePresent() {
        assertEquals(Set.of(DeviceStaleRule.ID), ENGINE.rulesEvaluable(Sections.EMPTY));
        Set<String> withSoftware = ENGINE.rulesEvaluable(Sections.EMPTY.withSoftware(List.of()));
        // software.unlicensed is judged per title across the fleet, never from one device's report
        assertEquals(Set.of(DeviceStaleRule.ID, SoftwareUnapprovedRule.ID, "software.banned"), withSoftware);
        assertTrue(ENGINE.rulesEvaluable(NO_LOCK).containsAll(List.of(ScreenLockRules.DISABLED,
                ScreenLockRules.IDLE_TOO_LONG, ScreenLockRules.NO_PASSWORD)));
    }

    @Test
    void highFailMakesADeviceNonCompliant() {
        assertFalse(ENGINE.compliant(List.of(verdict("a", Outcome.FAIL, Severity.HIGH)), Policy.defaults()));
    }

    @Test
    void onlyALowFailLeavesADeviceCompliant() {
        assertTrue(ENGINE.compliant(List.of(verdict("a", Outcome.FAIL, Severity.LOW)), Policy.defaults()));
        assertFalse(ENGINE.compliant(List.of(verdict("a", Outcome.FAIL, Severity.LOW)),
                Policy.defaults().withComplianceSeverity(Severity.LOW)));
    }

    @Test
    void unknownFindingsNeverMakeADeviceNonCompliantByThemselves() {
        assertTrue(ENGINE.compliant(List.of(verdict("a", Outcome.UNKNOWN, Severity.CRITICAL)), Policy.defaults()));
        assertTrue(ENGINE.compliant(List.of(), Policy.defaults()));
    }

    @Test
    void policyNamingAnUnknownRuleIsAProblem() {
        Policy p = Policy.defaults().withRule("screenlock.disabld", RuleSettings.disabled());
        assertEquals(List.of("rules has unknown rule id \"screenlock.disabld\""), ENGINE.problems(p));
    }

    @Test
    void duplicateRuleIdsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RuleEngine(List.of(new DeviceStaleRule(), new DeviceStaleRule())));
    }
}
