package io.rollcall.agent.probe.screenlock;

import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.util.Comparator;
import java.util.List;

/** Helpers shared by the desktop resolvers: the unknown value and "which setting is worse". */
public final class ScreenLocks {
    /**
     * Worse first: a lock that never engages, then a longer idle time, then no password, then a longer grace period.
     */
    static final Comparator<ScreenLockSetting> WORST_FIRST = Comparator
            .comparing((ScreenLockSetting s) -> s.lockEnabled() == Tri.NO ? 0 : 1)
            .thenComparing(s -> s.idleSeconds() == null ? 0 : -s.idleSeconds())
            .thenComparing(s -> s.passwordRequired() == Tri.NO ? 0 : 1)
            .thenComparing(s -> s.graceSeconds() == null ? 0 : -s.graceSeconds());

    private ScreenLocks() {
    }

    public static ScreenLockSetting unknown(String account, String reason) {
        return new ScreenLockSetting(account, Tri.UNKNOWN, null, Tri.UNKNOWN, null, SettingSource.UNKNOWN, reason);
    }

    /**
     * The effective value: the worst known setting with the account cleared; unknown only when every setting is
     * unknown (or there are none).
     */
    public static ScreenLockSetting worst(List<ScreenLockSetting> settings, String reasonWhenNone) {
        return settings.stream().filter(s -> s.lockEnabled() != Tri.UNKNOWN).min(WORST_FIRST)
                .map(s -> new ScreenLockSetting(null, s.lockEnabled(), s.idleSeconds(), s.passwordRequired(),
                        s.graceSeconds(), s.source(), null))
                .orElseGet(() -> unknown(null, settings.isEmpty() ? reasonWhenNone : settings.get(0).reason()));
    }
}
