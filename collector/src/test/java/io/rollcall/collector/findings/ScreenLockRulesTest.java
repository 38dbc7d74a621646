package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.goodLock;
import static io.rollcall.collector.findings.Fixtures.lock;
import static io.rollcall.collector.findings.Fixtures.os;
import static io.rollcall.collector.findings.Fixtures.screenLock;
import static io.rollcall.collector.findings.Fixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.rules.ScreenLockRules;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScreenLockRulesTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> accounts(Verdict v) {
        return (List<Map<String, Object>>) v.evidence().get("accounts");
    }

    private static Verdict single(Sections s, String rule) {
        List<Verdict> v = verdicts(s, rule);
        assertEquals(1, v.size(), () -> "expected one " + rule + " verdict, got " + v);
        return v.get(0);
    }

    @Test
    void wellConfiguredLockProducesNoVerdicts() {
        Sections s = screenLock(goodLock("alice"));
        assertTrue(Fixtures.ENGINE.evaluate(Fixtures.facts(s), Policy.defaults(), Fixtures.NOW).stream()
                .noneMatch(v -> v.rule().startsWith("screenlock.")));
    }

    @Test
    void noScreensaverConfiguredIsFlaggedDisabled() {
        Verdict v = single(screenLock(lock("alice", Tri.NO, 600, Tri.YES, 0)), ScreenLockRules.DISABLED);
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(Severity.HIGH, v.severity());
        assertEquals("", v.subject());
        assertEquals("000 §5.9; 003 rules 9–10", v.policyRef());
        assertEquals("alice", accounts(v).get(0).get("account"));
        assertTrue(v.evidence().get("fix").toString().contains("900"));
    }

    @Test
    void idleTimeOfZeroMeansNeverLocksAndIsFlaggedDisabled() {
        Verdict v = single(screenLock(lock("alice", Tri.YES, 0, Tri.YES, 0)), ScreenLockRules.DISABLED);
        assertEquals(Outcome.FAIL, v.outcome());
        assertTrue(verdicts(screenLock(lock("alice", Tri.YES, 0, Tri.YES, 0)), ScreenLockRules.IDLE_TOO_LONG)
                .isEmpty());
    }

    @Test
    void screensaverWithoutPasswordIsFlaggedNoPassword() {
        Verdict v = single(screenLock(lock("alice", Tri.YES, 600, Tri.NO, 0)), ScreenLockRules.NO_PASSWORD);
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(Severity.HIGH, v.severity());
        assertEquals(false, accounts(v).get(0).get("passwordRequired"));
    }

    @Test
    void lockWithoutPasswordIsFlaggedEvenWhenIdleTimeIsShort() {
        Sections s = screenLock(lock("alice", Tri.YES, 60, Tri.NO, 0));
        assertEquals(Outcome.FAIL, single(s, ScreenLockRules.NO_PASSWORD).outcome());
        assertTrue(verdicts(s, ScreenLockRules.IDLE_TOO_LONG).isEmpty());
        assertTrue(verdicts(s, ScreenLockRules.DISABLED).isEmpty());
    }

    @Test
    void graceLongerThanPolicyIsFlaggedNoPassword() {
        Verdict v = single(screenLock(lock("alice", Tri.YES, 300, Tri.YES, 60)), ScreenLockRules.NO_PASSWORD);
        assertEquals(5, v.evidence().get("maxGraceSeconds"));
    }

    @Test
    void longIdleIsFlaggedIdleTooLong() {
        Verdict v = single(screenLock(lock("alice", Tri.YES, 1800, Tri.YES, 0)), ScreenLockRules.IDLE_TOO_LONG);
        assertEquals(Severity.MEDIUM, v.severity());
        assertEquals(900, v.evidence().get("maxIdleSeconds"));
        assertEquals(1800, accounts(v).get(0).get("idleSeconds"));
    }

    @Test
    void macOsIsAllowed1200SecondsButNotMore() {
        Sections mac1200 = screenLock(lock("alice", Tri.YES, 1200, Tri.YES, 0)).withOs(os("macos"));
        assertTrue(verdicts(mac1200, ScreenLockRules.IDLE_TOO_LONG).isEmpty());
        Sections linux1200 = screenLock(lock("alice", Tri.YES, 1200, Tri.YES, 0));
        assertEquals(1, verdicts(linux1200, ScreenLockRules.IDLE_TOO_LONG).size());
        Sections mac1500 = screenLock(lock("alice", Tri.YES, 1500, Tri.YES, 0)).withOs(os("macos"));
        assertEquals(1200, single(mac1500, ScreenLockRules.IDLE_TOO_LONG).evidence().get("maxIdleSeconds"));
    }

    @Test
    void twoUsersWithDifferentSettingsListOnlyTheBadOneInEvidence() {
        Verdict v = single(screenLock(goodLock("alice"), lock("hash-bob", Tri.YES, 3600, Tri.YES, 0)),
                ScreenLockRules.IDLE_TOO_LONG);
        assertEquals(1, accounts(v).size());
        assertEquals("hash-bob", accounts(v).get(0).get("account"));
    }

    @Test
    void unknownLockSettingsGiveOneUnknownVerdictNeverAPass() {
        ScreenLockSetting unknown = new ScreenLockSetting("alice", Tri.UNKNOWN, null, Tri.UNKNOWN, null,
                SettingSource.UNKNOWN, "gsettings not available in the agent's session");
        List<Verdict> all = Fixtures.ENGINE.evaluate(Fixtures.facts(screenLock(unknown)), Policy.defaults(),
                Fixtures.NOW).stream().filter(v -> v.rule().startsWith("screenlock.")).toList();
        assertEquals(1, all.size());
        Verdict v = all.get(0);
        assertEquals(ScreenLockRules.DISABLED, v.rule());
        assertEquals(Outcome.UNKNOWN, v.outcome());
        assertEquals(Severity.LOW, v.severity());
        assertEquals("cannot verify", v.evidence().get("status"));
        assertTrue(accounts(v).get(0).get("reason").toString().contains("gsettings not available"));
    }

    @Test
    void missingGraceAloneIsStillUnknown() {
        Verdict v = single(screenLock(lock("alice", Tri.YES, 300, Tri.YES, null)), ScreenLockRules.DISABLED);
        assertEquals(Outcome.UNKNOWN, v.outcome());
    }

    @Test
    void disabledLockOutranksUnknownsOfOtherAccountsButListsThem() {
        ScreenLockSetting unknown = lock("bob", Tri.UNKNOWN, null, Tri.UNKNOWN, null);
        Verdict v = single(screenLock(lock("alice", Tri.NO, null, Tri.YES, 0), unknown), ScreenLockRules.DISABLED);
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(1, ((List<?>) v.evidence().get("cannotVerify")).size());
    }

    @Test
    void effectiveValueIsJudgedWhenNoPerAccountValuesAreSent() {
        Sections s = Sections.EMPTY.withScreenLock(new ScreenLockSection(List.of(),
                lock(null, Tri.YES, 3000, Tri.YES, 0)));
        assertEquals("(all accounts)", accounts(single(s, ScreenLockRules.IDLE_TOO_LONG)).get(0).get("account"));
    }

    @Test
    void emptyScreenLockSectionCannotBeVerified() {
        Sections s = Sections.EMPTY.withScreenLock(new ScreenLockSection(List.of(), null));
        assertEquals(Outcome.UNKNOWN, single(s, ScreenLockRules.DISABLED).outcome());
    }

    @Test
    void absentScreenLockSectionProducesNothing() {
        assertTrue(Fixtures.ENGINE.evaluate(Fixtures.facts(Sections.EMPTY), Policy.defaults(), Fixtures.NOW)
                .stream().noneMatch(v -> v.rule().startsWith("screenlock.")));
    }

    @Test
    void settingOfADisabledAccountIsIgnored() {
        Account disabled = new Account("old", null, AccountKind.LOCAL, false, true, Tri.YES, null, null, true, false);
        Sections s = screenLock(goodLock("alice"), lock("old", Tri.NO, 0, Tri.NO, 0))
                .withAccounts(new AccountsSection(List.of(disabled), Tri.NO));
        assertTrue(verdicts(s, ScreenLockRules.DISABLED).isEmpty());
        assertTrue(verdicts(s, ScreenLockRules.NO_PASSWORD).isEmpty());
    }
}
