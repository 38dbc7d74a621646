package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.account;
import static io.rollcall.collector.findings.Fixtures.accounts;
import static io.rollcall.collector.findings.Fixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.rules.AccountRules;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountRulesTest {
    private static final Instant MONDAY = Instant.parse("2025-03-03T08:00:00Z");
    private static final Instant FRIDAY = Instant.parse("2025-03-07T08:00:00Z");

    private static Verdict single(List<Verdict> v) {
        assertEquals(1, v.size(), () -> "expected one verdict, got " + v);
        return v.get(0);
    }

    @Test
    void singleAccountIsFlaggedNoSeparateAccount() {
        Verdict v = single(verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 10, MONDAY)),
                AccountRules.NO_SEPARATE_ACCOUNT));
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(1, v.evidence().get("interactiveAccounts"));
        assertEquals("000 §5.6, §5.9; 001 §3", v.policyRef());
    }

    @Test
    void disabledAndServiceAccountsDoNotCountAsASeparateAccount() {
        Account disabled = new Account("old", null, AccountKind.LOCAL, false, true, Tri.YES, null, null, true, false);
        Account service = new Account("svc", null, AccountKind.LOCAL, false, false, Tri.YES, null, null, false, false);
        assertEquals(1, verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 3, MONDAY), disabled, service),
                AccountRules.NO_SEPARATE_ACCOUNT).size());
    }

    @Test
    void twoAccountsAreSeparate() {
        assertTrue(verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 10, MONDAY),
                account("hash-b", true, Tri.YES, 1, MONDAY)), AccountRules.NO_SEPARATE_ACCOUNT).isEmpty());
    }

    @Test
    void dailyAdminIsTheAccountWithMostLogins() {
        Verdict v = single(verdicts(accounts(Tri.NO, account("alice", true, Tri.YES, 120, MONDAY),
                account("admin", false, Tri.YES, 3, FRIDAY)), AccountRules.DAILY_ADMIN));
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(Severity.HIGH, v.severity());
        assertEquals("alice", v.evidence().get("account"));
        assertEquals("002 §4", v.policyRef());
    }

    @Test
    void adminUsedOnlyRarelyIsNotDailyAdmin() {
        assertTrue(verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 120, MONDAY),
                account("admin", true, Tri.YES, 3, FRIDAY)), AccountRules.DAILY_ADMIN).isEmpty());
    }

    @Test
    void tiedLoginCountsAreDecidedByLatestLogin() {
        assertEquals(1, verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 5, MONDAY),
                account("bob", true, Tri.YES, 5, FRIDAY)), AccountRules.DAILY_ADMIN).size());
    }

    @Test
    void singleAdminAccountWithoutUsageDataIsDailyAdmin() {
        assertEquals(Outcome.FAIL, single(verdicts(accounts(Tri.NO, account("alice", true, Tri.YES, null, null)),
                AccountRules.DAILY_ADMIN)).outcome());
    }

    @Test
    void severalAccountsWithoutUsageDataAndMixedRightsCannotBeVerified() {
        Verdict v = single(verdicts(accounts(Tri.NO, account("alice", true, Tri.YES, null, null),
                account("bob", false, Tri.YES, null, null)), AccountRules.DAILY_ADMIN));
        assertEquals(Outcome.UNKNOWN, v.outcome());
        assertEquals(Severity.LOW, v.severity());
    }

    @Test
    void guestEnabledIsFlagged() {
        Verdict v = single(verdicts(accounts(Tri.YES, account("alice", false, Tri.YES, 1, MONDAY)),
                AccountRules.GUEST_ENABLED));
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(Severity.MEDIUM, v.severity());
    }

    @Test
    void unknownGuestStateCannotBeVerified() {
        assertEquals(Outcome.UNKNOWN, single(verdicts(accounts(Tri.UNKNOWN,
                account("alice", false, Tri.YES, 1, MONDAY)), AccountRules.GUEST_ENABLED)).outcome());
        assertTrue(verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 1, MONDAY)),
                AccountRules.GUEST_ENABLED).isEmpty());
    }

    @Test
    void emptyPasswordIsFlaggedNamingTheAccount() {
        Verdict v = single(verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 1, MONDAY),
                account("hash-kid", false, Tri.NO, 1, MONDAY)), AccountRules.NO_PASSWORD));
        assertEquals(Outcome.FAIL, v.outcome());
        List<?> listed = (List<?>) v.evidence().get("accounts");
        assertEquals(1, listed.size());
        assertTrue(listed.get(0).toString().contains("hash-kid"));
    }

    @Test
    void unknownPasswordStateCannotBeVerified() {
        assertEquals(Outcome.UNKNOWN, single(verdicts(accounts(Tri.NO,
                account("alice", false, Tri.UNKNOWN, 1, MONDAY)), AccountRules.NO_PASSWORD)).outcome());
    }

    @Test
    void aHiddenAdministratorIsFlaggedEvenWhenRarelyUsedButAHiddenNonAdminIsNot() {
        Account hiddenAdmin = new Account(null, "hash-h", AccountKind.LOCAL, true, false, Tri.YES, null, 1, true, false,
                true);
        Account hiddenUser = new Account(null, "hash-u", AccountKind.LOCAL, false, false, Tri.YES, null, 1, true, false,
                true);
        Verdict v = single(verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 120, MONDAY), hiddenAdmin,
                hiddenUser), AccountRules.HIDDEN_ADMIN));
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals(Severity.HIGH, v.severity());
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> listed = (List<java.util.Map<String, Object>>) v.evidence().get("accounts");
        assertEquals(List.of("hash-h"), listed.stream().map(m -> m.get("account")).toList());
    }

    @Test
    void aVisibleAdministratorOrOneWhoseSystemHasNoHiddenAccountsIsNotAHiddenAdmin() {
        Account visible = new Account("admin", null, AccountKind.LOCAL, true, false, Tri.YES, null, 1, true, true,
                false);
        Account windows = new Account("admin2", null, AccountKind.LOCAL, true, false, Tri.YES, null, 1, true, true);
        assertTrue(verdicts(accounts(Tri.NO, account("alice", false, Tri.YES, 120, MONDAY), visible, windows),
                AccountRules.HIDDEN_ADMIN).isEmpty());
    }
}
