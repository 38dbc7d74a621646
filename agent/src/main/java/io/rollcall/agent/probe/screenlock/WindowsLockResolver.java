package io.rollcall.agent.probe.screenlock;

import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.probe.screenlock.WindowsPowerPlan.PowerLock;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one effective screen lock of a Windows account, without I/O: the session locks at the EARLIEST of the
 * mechanisms below that ask for the password, and the {@link SettingSource} names the mechanism that wins.
 * <ol>
 *   <li>machine inactivity limit {@code InactivityTimeoutSecs} (CIS 2.3.7.3): locks, password, no grace → POLICY;</li>
 *   <li>Intune {@code DeviceLock/MaxInactivityTimeDeviceLock} (minutes) → MDM;</li>
 *   <li>the screen saver when it runs (active, an executable, a timeout) and is secure; grace
 *       {@code ScreenSaverGracePeriod} → SCREENSAVER, or POLICY when Group Policy set the values that decide;</li>
 *   <li>the power plan (display-off on Modern Standby, else sleep; worse of AC and DC) when sign-in on wake is
 *       required (CONSOLELOCK, not "never" in {@code DelayLockInterval} on Modern Standby, no
 *       {@code DisableLockWorkstation}); grace {@code DelayLockInterval} on Modern Standby ("if you've been away
 *       for N minutes"; absent = every time, 0) → POWER, or POLICY when the timeout is a Group Policy power
 *       setting.</li>
 * </ol>
 * No mechanism with a password: the earliest whose password is unknown (password UNKNOWN), else the earliest without
 * one (password NO: a screen saver that opens on a key press still shows the gap). When the power plan could not be
 * read and nothing with a password locks, the answer is unknown with the reason, since the plan may lock earlier.
 * A lock with the password found while the power plan is unreadable is still reported: the session locks by then at
 * the latest, which is what the idle-time rule needs. When the power plan wins but the kind of standby is unknown,
 * its time is the sleep timeout (an upper bound) and the setting's {@code reason} says why. Nothing locks at all:
 * lock off, source POLICY if a policy switched it off, USER if the user did, else DEFAULT (with the same reason when
 * the kind of standby is unknown, since display-off may lock a Modern Standby machine that never sleeps).
 */
final class WindowsLockResolver {
    /** {@code DelayLockInterval} value for "Require sign-in: Never". */
    static final long DELAY_NEVER = 0xFFFF_FFFFL;

    /**
     * What applies to every account on the machine.
     *
     * @param inactivitySeconds machine inactivity limit, {@code null} when not set
     * @param mdmSeconds        Intune's maximum inactivity in seconds, {@code null} when not set
     * @param power             the power plan's lock
     * @param screenSaverGrace  {@code ScreenSaverGracePeriod}, seconds
     */
    record Machine(Long inactivitySeconds, Long mdmSeconds, PowerLock power, int screenSaverGrace) {
    }

    /**
     * One account's own values (its loaded hive).
     *
     * @param desktop        {@code Control Panel\Desktop}
     * @param desktopPolicy  {@code Software\Policies\Microsoft\Windows\Control Panel\Desktop}
     * @param systemPolicy   {@code Software\Microsoft\Windows\CurrentVersion\Policies\System}
     */
    record User(Map<String, Object> desktop, Map<String, Object> desktopPolicy, Map<String, Object> systemPolicy) {
    }

    /** A mechanism that locks; {@code note} is why its time is only an upper bound, {@code null} when exact. */
    private record Candidate(long seconds, Tri password, Integer grace, SettingSource source, String note) {
    }

    private WindowsLockResolver() {
    }

    /** An account whose hive is not loaded: only the machine-wide limits can be known. */
    static Optional<ScreenLockSetting> machineOnly(String account, Machine m) {
        return machineCandidates(m).stream().min(Comparator.comparingLong(Candidate::seconds))
                .map(c -> setting(account, c));
    }

    static ScreenLockSetting resolve(String account, Machine m, User u) {
        List<Candidate> all = machineCandidates(m);
        LockValue<String> exe = pick("SCRNSAVE.EXE", u, null);
        LockValue<String> active = pick("ScreenSaveActive", u, "1");
        LockValue<String> secure = pick("ScreenSaverIsSecure", u, "0");
        LockValue<String> timeout = pick("ScreenSaveTimeOut", u, null);
        boolean runs = "1".equals(active.value()) && exe.value() != null && !exe.value().isBlank();
        Long idle = timeout.value() == null ? null : Registry.number(timeout.value()).orElse(null);
        if (runs && idle != null && idle > 0) {
            boolean isSecure = "1".equals(secure.value());
            SettingSource src = LockValue.combined(List.of(active, exe, secure, timeout)) == SettingSource.POLICY
                    ? SettingSource.POLICY : SettingSource.SCREENSAVER;
            all.add(new Candidate(idle, Tri.of(isSecure), isSecure ? m.screenSaverGrace() : null, src, null));
        }
        PowerLock p = m.power();
        if (p.lockSeconds() != null && p.lockSeconds() > 0) {
            all.add(powerCandidate(p, u));
        }
        Comparator<Candidate> earliest = Comparator.comparingLong(Candidate::seconds);
        Optional<Candidate> secureLock = all.stream().filter(c -> c.password() == Tri.YES).min(earliest);
        if (secureLock.isPresent()) {
            return setting(account, secureLock.get());
        }
        if (p.lockSeconds() == null) {
            return ScreenLocks.unknown(account, p.reason());
        }
        Optional<Candidate> other = all.stream().filter(c -> c.password() == Tri.UNKNOWN).min(earliest)
                .or(() -> all.stream().min(earliest));
        if (other.isPresent()) {
            return setting(account, other.get());
        }
        SettingSource off = p.fromPolicy() ? SettingSource.POLICY : LockValue.combined(List.of(active, exe));
        // "Never sleeps" with the kind of standby unknown: display-off may still lock it, and the reason says so.
        return new ScreenLockSetting(account, Tri.NO, 0, Tri.NO, null, off, p.caveat());
    }

    private static List<Candidate> machineCandidates(Machine m) {
        List<Candidate> out = new ArrayList<>();
        if (m.inactivitySeconds() != null) {
            out.add(new Candidate(m.inactivitySeconds(), Tri.YES, 0, SettingSource.POLICY, null));
        }
        if (m.mdmSeconds() != null) {
            out.add(new Candidate(m.mdmSeconds(), Tri.YES, 0, SettingSource.MDM, null));
        }
        return out;
    }

    private static Candidate powerCandidate(PowerLock p, User u) {
        boolean lockRemoved = Registry.number(u.systemPolicy().get("DisableLockWorkstation")).orElse(0L) == 1;
        Long delay = Registry.number(u.desktop().get("DelayLockInterval")).orElse(null);
        boolean modern = p.modernStandby() == Tri.YES;
        Tri password = lockRemoved || modern && delay != null && delay == DELAY_NEVER ? Tri.NO : p.passwordOnWake();
        Integer grace = password == Tri.NO ? null : modern && delay != null ? (int) Math.min(delay, Integer.MAX_VALUE)
                : Integer.valueOf(0);
        return new Candidate(p.lockSeconds(), password, grace,
                p.fromPolicy() ? SettingSource.POLICY : SettingSource.POWER, p.caveat());
    }

    private static ScreenLockSetting setting(String account, Candidate c) {
        return new ScreenLockSetting(account, Tri.YES, (int) Math.min(c.seconds(), Integer.MAX_VALUE), c.password(),
                c.grace(), c.source(), c.note());
    }

    private static LockValue<String> pick(String name, User u, String fallback) {
        if (u.desktopPolicy().get(name) != null) {
            return new LockValue<>(String.valueOf(u.desktopPolicy().get(name)).trim(), SettingSource.POLICY);
        }
        if (u.desktop().get(name) != null) {
            return new LockValue<>(String.valueOf(u.desktop().get(name)).trim(), SettingSource.USER);
        }
        return new LockValue<>(fallback, SettingSource.DEFAULT);
    }
}
