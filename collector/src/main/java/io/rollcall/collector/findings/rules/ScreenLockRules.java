package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Screen lock: every interactive account must lock by itself (not never, not idle 0), within the idle
 * limit (CIS: 900 s; Windows 2.3.7.3 / 19.1.3.4, Ubuntu 1.7.4; macOS 1200 s), and ask for the password
 * within the grace period. Each rule gives at most one verdict per device (subject {@code ""}) whose
 * evidence lists the offending accounts. Values the agent could not read make one
 * {@code screenlock.disabled} UNKNOWN verdict, so an unreadable lock is never taken as a pass.
 */
public final class ScreenLockRules {
    public static final String DISABLED = "screenlock.disabled";
    public static final String IDLE_TOO_LONG = "screenlock.idle-too-long";
    public static final String NO_PASSWORD = "screenlock.no-password";

    private ScreenLockRules() {
    }

    /** The three screen-lock rules. */
    public static List<Rule> all() {
        return List.of(new Disabled(), new IdleTooLong(), new NoPassword());
    }

    /** A setting and the account reference it is reported under. */
    record Judged(String account, ScreenLockSetting s) {
        Map<String, Object> describe() {
            return Evidence.of().put("account", account).put("lockEnabled", tri(s.lockEnabled()))
                    .put("idleSeconds", s.idleSeconds()).put("passwordRequired", tri(s.passwordRequired()))
                    .put("graceSeconds", s.graceSeconds()).put("source", s.source()).build();
        }

        boolean lockOff() {
            return tri(s.lockEnabled()) == Tri.NO || Integer.valueOf(0).equals(s.idleSeconds());
        }

        /** What about this setting cannot be verified; empty when every value needed is known. */
        List<String> unknowns() {
            List<String> u = new ArrayList<>();
            if (!lockOff()) {
                if (tri(s.lockEnabled()) == Tri.UNKNOWN) {
                    u.add("lockEnabled");
                }
                if (s.idleSeconds() == null) {
                    u.add("idleSeconds");
                }
            }
            Tri pw = tri(s.passwordRequired());
            if (pw == Tri.UNKNOWN) {
                u.add("passwordRequired");
            }
            if (pw != Tri.NO && s.graceSeconds() == null) {
                u.add("graceSeconds");
            }
            return u;
        }

        Map<String, Object> describeUnknown() {
            String why = s.reason() == null || s.reason().isBlank() ? "the agent did not report them" : s.reason();
            return Evidence.of().put("account", account)
                    .put("reason", String.format("%s unknown: %s", String.join(", ", unknowns()), why)).build();
        }
    }

    static boolean present(Sections s) {
        return s.screenLock() != null;
    }

    /**
     * The settings to judge: one per interactive, enabled account (the effective value when the agent sent
     * no per-account values). A setting of an account the accounts section shows as disabled or
     * non-interactive is skipped, since nobody can sit at that account's unlocked screen.
     */
    static List<Judged> settings(Sections current) {
        ScreenLockSection section = current.screenLock();
        if (section == null) {
            return List.of();
        }
        if (section.perAccount().isEmpty()) {
            return section.effective() == null ? List.of()
                    : List.of(new Judged(ref(section.effective(), "(all accounts)"), section.effective()));
        }
        Map<String, Account> accounts = new HashMap<>();
        if (current.accounts() != null) {
            for (Account a : current.accounts().users()) {
                if (a != null && a.reference() != null) {
                    accounts.put(a.reference(), a);
                }
            }
        }
        List<Judged> out = new ArrayList<>();
        for (ScreenLockSetting s : section.perAccount()) {
            if (s == null) {
                continue;
            }
            Account a = s.account() == null ? null : accounts.get(s.account());
            if (a != null && (a.disabled() || !a.interactive())) {
                continue;
            }
            out.add(new Judged(ref(s, "(unnamed account)"), s));
        }
        return out;
    }

    private static String ref(ScreenLockSetting s, String fallback) {
        return s.account() == null || s.account().isBlank() ? fallback : s.account();
    }

    static int maxIdle(DeviceFacts device, Policy policy) {
        boolean mac = device.current().os() != null && "macos".equalsIgnoreCase(device.current().os().family());
        return mac ? policy.screenLockMaxIdleSecondsMac() : policy.screenLockMaxIdleSeconds();
    }

    private static Tri tri(Tri t) {
        return BaseRule.tri(t);
    }

    /** {@code screenlock.disabled}: the screen never locks by itself; also carries "cannot verify". */
    static final class Disabled extends BaseRule {
        Disabled() {
            super(DISABLED, Severity.HIGH, PolicyRefs.SCREEN_LOCK, ScreenLockRules::present);
        }

        @Override
        public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
            if (!present(device.current())) {
                return List.of();
            }
            List<Judged> all = settings(device.current());
            List<Map<String, Object>> off = new ArrayList<>();
            List<Map<String, Object>> unknown = new ArrayList<>();
            for (Judged j : all) {
                if (j.lockOff()) {
                    off.add(j.describe());
                }
                if (!j.unknowns().isEmpty()) {
                    unknown.add(j.describeUnknown());
                }
            }
            int max = maxIdle(device, policy);
            if (!off.isEmpty()) {
                return List.of(fail("", Evidence.of().put("accounts", off).put("cannotVerify", unknown.isEmpty()
                                ? null : unknown).put("maxIdleSeconds", max)
                        .fix(String.format("Turn on the automatic screen lock for each listed account, locking after "
                                + "at most %d s idle (Windows: Group Policy \"Interactive logon: Machine inactivity "
                                + "limit\"; Ubuntu: Settings > Privacy > Screen Lock; macOS: Lock Screen settings).",
                                max)).build()));
            }
            if (all.isEmpty() && device.current().screenLock().perAccount().isEmpty()) {
                return List.of(unknown("", policy, cannotVerify("the agent reported no screen-lock settings")
                        .fix("Check the screen lock on the device by hand and the agent's diagnostics.").build()));
            }
            if (!unknown.isEmpty()) {
                return List.of(unknown("", policy, cannotVerify(String.format(
                        "the screen-lock settings of %d account(s) could not be read", unknown.size()))
                        .put("accounts", unknown)
                        .fix("Check the screen lock of the listed accounts by hand, and the agent's diagnostics for "
                                + "why they could not be read.").build()));
            }
            return List.of();
        }
    }

    /** {@code screenlock.idle-too-long}: the screen locks, but later than the policy allows. */
    static final class IdleTooLong extends BaseRule {
        IdleTooLong() {
            super(IDLE_TOO_LONG, Severity.MEDIUM, PolicyRefs.SCREEN_LOCK, ScreenLockRules::present);
        }

        @Override
        public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
            int max = maxIdle(device, policy);
            List<Map<String, Object>> late = new ArrayList<>();
            for (Judged j : settings(device.current())) {
                // A lock known to be off is screenlock.disabled's business; an unknown lock state with a known,
                // too-long idle time is still too long whichever way the switch is.
                if (!j.lockOff() && j.s().idleSeconds() != null && j.s().idleSeconds() > max) {
                    late.add(j.describe());
                }
            }
            if (late.isEmpty()) {
                return List.of();
            }
            return List.of(fail("", Evidence.of().put("accounts", late).put("maxIdleSeconds", max)
                    .fix(String.format("Set the idle time before the screen locks to at most %d s for each listed "
                            + "account.", max)).build()));
        }
    }

    /** {@code screenlock.no-password}: unlocking needs no password, or not until after the grace period. */
    static final class NoPassword extends BaseRule {
        NoPassword() {
            super(NO_PASSWORD, Severity.HIGH, PolicyRefs.SCREEN_LOCK, ScreenLockRules::present);
        }

        @Override
        public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
            int maxGrace = policy.screenLockMaxGraceSeconds();
            List<Map<String, Object>> open = new ArrayList<>();
            for (Judged j : settings(device.current())) {
                // Independent of the idle time: a quick lock that opens without a password protects nothing.
                boolean noPassword = tri(j.s().passwordRequired()) == Tri.NO;
                boolean longGrace = j.s().graceSeconds() != null && j.s().graceSeconds() > maxGrace;
                if (noPassword || longGrace) {
                    open.add(j.describe());
                }
            }
            if (open.isEmpty()) {
                return List.of();
            }
            return List.of(fail("", Evidence.of().put("accounts", open).put("maxGraceSeconds", maxGrace)
                    .fix(String.format("Require the password to unlock the screen, asked at most %d s after locking, "
                            + "for each listed account.", maxGrace)).build()));
        }
    }
}
