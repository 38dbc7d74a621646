package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * User accounts: a separate account for school use, no administrator for daily use, no enabled guest
 * account, and a password on every account a person can log in with. All four need the accounts section
 * and consider only interactive accounts that are not disabled.
 */
public final class AccountRules {
    public static final String NO_SEPARATE_ACCOUNT = "accounts.no-separate-account";
    public static final String DAILY_ADMIN = "accounts.daily-admin";
    public static final String GUEST_ENABLED = "accounts.guest-enabled";
    public static final String NO_PASSWORD = "accounts.no-password";
    public static final String HIDDEN_ADMIN = "accounts.hidden-admin";

    private AccountRules() {
    }

    /** The five account rules. */
    public static List<Rule> all() {
        return List.of(new NoSeparateAccount(), new DailyAdmin(), new GuestEnabled(), new NoPassword(),
                new HiddenAdmin());
    }

    /** Interactive accounts that are not disabled: the ones a person actually uses. */
    static List<Account> usable(AccountsSection section) {
        return section.users().stream().filter(Objects::nonNull).filter(a -> a.interactive() && !a.disabled())
                .toList();
    }

    static Map<String, Object> describe(Account a) {
        return Evidence.of().put("account", a.reference()).put("kind", a.kind()).put("admin", a.admin())
                .put("passwordSet", BaseRule.tri(a.passwordSet())).put("loginCount", a.loginCount())
                .put("lastLoginAt", a.lastLoginAt()).put("isSchoolAccount", a.isSchoolAccount())
                .put("hidden", a.hidden()).build();
    }

    /** Base for the account rules: all need the accounts section. */
    abstract static class AccountRule extends BaseRule {
        AccountRule(String id, Severity severity, String policyRef) {
            super(id, severity, policyRef, s -> s.accounts() != null);
        }

        @Override
        public final List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
            AccountsSection section = device.current().accounts();
            return section == null ? List.of() : evaluate(section, policy);
        }

        abstract List<Verdict> evaluate(AccountsSection section, Policy policy);
    }

    /** {@code accounts.no-separate-account}: fewer than two usable accounts, so school and personal use share one. */
    static final class NoSeparateAccount extends AccountRule {
        NoSeparateAccount() {
            super(NO_SEPARATE_ACCOUNT, Severity.MEDIUM, PolicyRefs.SEPARATE_ACCOUNT);
        }

        @Override
        List<Verdict> evaluate(AccountsSection section, Policy policy) {
            List<Account> usable = usable(section);
            if (usable.size() >= 2) {
                return List.of();
            }
            return List.of(fail("", Evidence.of().put("interactiveAccounts", usable.size())
                    .put("accounts", usable.stream().map(AccountRules::describe).toList())
                    .fix("Create a separate account so that school work and personal use do not share one "
                            + "(a school account for school use; a personal one for anything else).").build()));
        }
    }

    /**
     * {@code accounts.daily-admin}: the most used usable account is an administrator. Most used = highest
     * loginCount; when counts tie or some are missing, the latest lastLoginAt decides among the candidates.
     * When usage cannot single out one account, the verdict depends on whether the candidates agree: all
     * administrators fails, none passes, a mix is UNKNOWN.
     */
    static final class DailyAdmin extends AccountRule {
        DailyAdmin() {
            super(DAILY_ADMIN, Severity.HIGH, PolicyRefs.NO_DAILY_ADMIN);
        }

        @Override
        List<Verdict> evaluate(AccountsSection section, Policy policy) {
            List<Account> top = mostUsed(usable(section));
            if (top.isEmpty() || top.stream().noneMatch(Account::admin)) {
                return List.of();
            }
            if (top.stream().allMatch(Account::admin)) {
                Account a = top.get(0);
                return List.of(fail("", Evidence.of().put("account", a.reference()).put("loginCount", a.loginCount())
                        .put("lastLoginAt", a.lastLoginAt()).put("candidates", top.size() > 1 ? top.size() : null)
                        .fix(String.format("Remove administrator rights from \"%s\" and keep a separate administrator "
                                + "account for installing and maintenance only.", a.reference())).build()));
            }
            return List.of(unknown("", policy, cannotVerify(String.format("no login history tells which of %d "
                    + "accounts is used most, and some are administrators", top.size()))
                    .put("accounts", top.stream().map(AccountRules::describe).toList())
                    .fix("Check which account is used day to day; it must not be an administrator.").build()));
        }

        /** The accounts that may be the most used one, in a stable order. */
        static List<Account> mostUsed(List<Account> usable) {
            List<Account> top = usable;
            if (!top.isEmpty() && top.stream().allMatch(a -> a.loginCount() != null)) {
                int max = top.stream().mapToInt(Account::loginCount).max().orElse(0);
                top = top.stream().filter(a -> a.loginCount() == max).toList();
            }
            if (top.size() > 1) {
                Instant latest = top.stream().map(Account::lastLoginAt).filter(Objects::nonNull)
                        .max(Comparator.naturalOrder()).orElse(null);
                if (latest != null) {
                    top = top.stream().filter(a -> latest.equals(a.lastLoginAt())).toList();
                }
            }
            return top;
        }
    }

    /** {@code accounts.guest-enabled}: the built-in guest account can log in without credentials. */
    static final class GuestEnabled extends AccountRule {
        GuestEnabled() {
            super(GUEST_ENABLED, Severity.MEDIUM, PolicyRefs.PASSWORD);
        }

        @Override
        List<Verdict> evaluate(AccountsSection section, Policy policy) {
            Tri guest = tri(section.guestEnabled());
            if (guest == Tri.YES) {
                return List.of(fail("", Evidence.of().put("guestEnabled", true)
                        .fix("Disable the guest account (Windows: net user guest /active:no; macOS: Users & Groups "
                                + "> Guest User; Ubuntu: remove the guest session from the display manager).")
                        .build()));
            }
            if (guest == Tri.UNKNOWN) {
                return List.of(unknown("", policy, cannotVerify("the agent could not tell whether the guest account "
                        + "is enabled").fix("Check by hand that the guest account is disabled.").build()));
            }
            return List.of();
        }
    }

    /**
     * {@code accounts.hidden-admin}: a usable administrator account that the system hides from its login window and
     * user lists (macOS {@code IsHidden}, or a system-range UID with a login shell and home). Nobody sees it in
     * Users &amp; Groups, which is why a student who made one would keep it; it fails whatever its use.
     */
    static final class HiddenAdmin extends AccountRule {
        HiddenAdmin() {
            super(HIDDEN_ADMIN, Severity.HIGH, PolicyRefs.NO_DAILY_ADMIN);
        }

        @Override
        List<Verdict> evaluate(AccountsSection section, Policy policy) {
            List<Map<String, Object>> hidden = usable(section).stream()
                    .filter(a -> Boolean.TRUE.equals(a.hidden()) && a.admin()).map(AccountRules::describe).toList();
            if (hidden.isEmpty()) {
                return List.of();
            }
            return List.of(fail("", Evidence.of().put("accounts", hidden)
                    .fix("Find out who created each hidden administrator account (macOS: dscl . -read /Users/<name>); "
                            + "delete it, or unhide it and remove its administrator rights.").build()));
        }
    }

    /** {@code accounts.no-password}: a usable account has an empty password. */
    static final class NoPassword extends AccountRule {
        NoPassword() {
            super(NO_PASSWORD, Severity.HIGH, PolicyRefs.PASSWORD);
        }

        @Override
        List<Verdict> evaluate(AccountsSection section, Policy policy) {
            List<Map<String, Object>> empty = new ArrayList<>();
            List<Map<String, Object>> unknown = new ArrayList<>();
            for (Account a : usable(section)) {
                switch (tri(a.passwordSet())) {
                    case NO -> empty.add(describe(a));
                    case UNKNOWN -> unknown.add(describe(a));
                    default -> { }
                }
            }
            if (!empty.isEmpty()) {
                return List.of(fail("", Evidence.of().put("accounts", empty)
                        .put("cannotVerify", unknown.isEmpty() ? null : unknown)
                        .fix("Set a strong password on each listed account.").build()));
            }
            if (!unknown.isEmpty()) {
                return List.of(unknown("", policy, cannotVerify(String.format(
                        "the agent could not tell whether %d account(s) have a password", unknown.size()))
                        .put("accounts", unknown)
                        .fix("Check by hand that each listed account has a password.").build()));
            }
            return List.of();
        }
    }
}
