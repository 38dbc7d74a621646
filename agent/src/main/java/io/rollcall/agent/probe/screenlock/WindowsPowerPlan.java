package io.rollcall.agent.probe.screenlock;

import io.rollcall.agent.os.windows.Registry;
import io.rollcall.common.report.Tri;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine-wide power settings that lock a Windows session, read from the registry without powercfg.
 *
 * <p>Layout, checked against public sources: Microsoft's Server Performance Advisor pack guide (a {@code reg export}
 * of User\PowerSchemes: ActivePowerScheme, then &lt;scheme&gt;\&lt;subgroup&gt;\&lt;setting&gt; AC/DCSettingIndex);
 * learn.microsoft.com windows-hardware/customize/power-settings (GUIDs and units of VIDEOIDLE, STANDBYIDLE); the
 * policy keys as the Power Management administrative templates write them and DISA STIG WN10-CC-000145/000150 check
 * them:
 * <ul>
 *   <li>active scheme: {@code HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings} {@code ActivePowerScheme}
 *       (Group Policy "Select an active power plan"), else {@code HKLM\SYSTEM\CurrentControlSet\Control\Power\User\
 *       PowerSchemes} {@code ActivePowerScheme};</li>
 *   <li>a setting's value, AC and DC separately, first found wins: the policy
 *       {@code HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings\<setting>} {@code ACSettingIndex}/{@code
 *       DCSettingIndex}; the scheme's own value {@code ...\User\PowerSchemes\<scheme>\<subgroup>\<setting>} (present
 *       once someone changed it); the shipped default {@code ...\Control\Power\PowerSettings\<subgroup>\<setting>\
 *       DefaultPowerSchemeValues\<scheme>}.</li>
 * </ul>
 * Settings: VIDEOIDLE (turn off display after, seconds, 0 = never), STANDBYIDLE (sleep after, seconds, 0 = never),
 * CONSOLELOCK (require a password on wakeup, 1 = yes). AC and DC are combined as the worse of the two, since a
 * laptop spends its day on both: the longer timeout (0 = never counts as longest) and "no password" if either says so.
 *
 * <p>Modern Standby (S0 low power idle): turning the display off enters standby, so the session locks at display-off;
 * on S3 machines the display going dark locks nothing and only sleep does. Which kind of machine this is comes from
 * {@link WindowsStandby} (the kernel's AoAc capability, then {@code powercfg /a}, then the registry). When none of
 * them answers, the sleep timeout is used: the session is certain to lock by then on either kind of machine, so the
 * value is an upper bound, and {@code caveat} says so.
 */
final class WindowsPowerPlan {
    static final String POWER = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power";
    static final String SCHEMES = POWER + "\\User\\PowerSchemes";
    static final String DEFAULTS = POWER + "\\PowerSettings";
    static final String POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Power\\PowerSettings";
    static final String SUB_VIDEO = "7516b95f-f776-4464-8c53-06167f40cc99";
    static final String VIDEOIDLE = "3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e";
    static final String SUB_SLEEP = "238c9fa8-0aad-41ed-83f4-97be242c8f20";
    static final String STANDBYIDLE = "29f6c1db-86da-48c5-9fdb-f2b67b1f44da";
    static final String SUB_NONE = "fea3413e-7e05-4911-9a71-700331f1c294";
    static final String CONSOLELOCK = "0e796bdb-100d-47d6-a2d5-f7d2daa51f51";

    /**
     * One setting combined over AC and DC.
     *
     * @param value      the worse of AC and DC; {@code null} when neither could be read
     * @param fromPolicy whether the value that decided came from Group Policy
     */
    record Setting(Long value, boolean fromPolicy) {
    }

    /**
     * What the power plan does to the session.
     *
     * @param lockSeconds     idle seconds after which the session locks through the power plan, 0 = never;
     *                        {@code null} when unknown (then {@code reason} says why)
     * @param fromPolicy      whether that timeout is set by Group Policy
     * @param passwordOnWake  CONSOLELOCK, worse of AC/DC
     * @param modernStandby   whether display-off enters Modern Standby
     * @param scheme          the active scheme's GUID, {@code null} when none is recorded
     * @param reason          why the lock time is unknown; {@code null} otherwise
     * @param caveat          why a known lock time is only an upper bound (the kind of standby is unknown);
     *                        {@code null} otherwise
     */
    record PowerLock(Long lockSeconds, boolean fromPolicy, Tri passwordOnWake, Tri modernStandby, String scheme,
                     String reason, String caveat) {
    }

    private WindowsPowerPlan() {
    }

    static PowerLock read(Registry registry, WindowsStandby.Standby standby) {
        String scheme = registry.string(POLICY, "ActivePowerScheme")
                .or(() -> registry.string(SCHEMES, "ActivePowerScheme"))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).orElse(null);
        Tri modernStandby = standby.modernStandby();
        Setting consoleLock = setting(registry, scheme, SUB_NONE, CONSOLELOCK, true);
        Tri password = consoleLock.value() == null ? Tri.UNKNOWN : Tri.of(consoleLock.value() != 0);
        Setting lock = modernStandby == Tri.YES ? setting(registry, scheme, SUB_VIDEO, VIDEOIDLE, false)
                : setting(registry, scheme, SUB_SLEEP, STANDBYIDLE, false);
        String reason = null;
        if (lock.value() == null) {
            reason = scheme == null ? "no active power scheme is recorded (ActivePowerScheme under " + SCHEMES + ")"
                    : String.format("the %s timeout of the active power scheme %s is neither set nor has a default",
                    modernStandby == Tri.YES ? "display-off" : "sleep", scheme);
        }
        String caveat = lock.value() != null && modernStandby == Tri.UNKNOWN ? standby.reason() : null;
        return new PowerLock(lock.value(), lock.fromPolicy(), password, modernStandby, scheme, reason, caveat);
    }

    /**
     * A setting combined over AC and DC. For a timeout, worse is longer and 0 (never) is worst; for a yes/no
     * setting ({@code flag}), worse is 0.
     */
    static Setting setting(Registry registry, String scheme, String subgroup, String setting, boolean flag) {
        Indexed ac = index(registry, scheme, subgroup, setting, "ACSettingIndex");
        Indexed dc = index(registry, scheme, subgroup, setting, "DCSettingIndex");
        if (ac == null || dc == null) {
            Indexed one = ac != null ? ac : dc;
            return one == null ? new Setting(null, false) : new Setting(one.value(), one.fromPolicy());
        }
        Indexed worse = worse(ac, dc, flag);
        return new Setting(worse.value(), worse.fromPolicy());
    }

    private record Indexed(long value, boolean fromPolicy) {
    }

    private static Indexed worse(Indexed a, Indexed b, boolean flag) {
        if (flag) {
            return a.value() == 0 ? a : b;
        }
        if (a.value() == 0 || b.value() == 0) {
            return a.value() == 0 ? a : b;
        }
        return a.value() >= b.value() ? a : b;
    }

    private static Indexed index(Registry registry, String scheme, String subgroup, String setting, String name) {
        Optional<Long> policy = registry.number(POLICY + "\\" + setting, name);
        if (policy.isPresent()) {
            return new Indexed(policy.get(), true);
        }
        if (scheme == null) {
            return null;
        }
        return registry.number(SCHEMES + "\\" + scheme + "\\" + subgroup + "\\" + setting, name)
                .or(() -> registry.number(DEFAULTS + "\\" + subgroup + "\\" + setting
                        + "\\DefaultPowerSchemeValues\\" + scheme, name))
                .map(v -> new Indexed(v, false)).orElse(null);
    }
}
