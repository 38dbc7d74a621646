package io.rollcall.agent.probe.screenlock;

import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Limits;
import java.util.List;

/**
 * KDE Plasma's screen lock from kscreenlockerrc, without I/O: {@code [Daemon]} {@code Autolock} (default true),
 * {@code Timeout} in minutes (default 5, 0 = never), {@code LockGrace} in seconds (default 5). {@code LockOnResume}
 * has no field in the report and is not read. A key the system file (/etc/xdg/kscreenlockerrc) marks {@code [$i]} is
 * policy; otherwise the user's file wins over the system file, which wins over the built-in default.
 */
public final class KdeScreenLock {
    private static final String AUTOLOCK = "Daemon/Autolock";
    private static final String TIMEOUT = "Daemon/Timeout";
    private static final String GRACE = "Daemon/LockGrace";

    private KdeScreenLock() {
    }

    /** @param system /etc/xdg/kscreenlockerrc or {@code null}; @param user ~/.config/kscreenlockerrc or {@code null} */
    public static ScreenLockSetting resolve(String account, Keyfile system, Keyfile user, Tri passwordSet) {
        LockValue<String> autolock = value(AUTOLOCK, "true", system, user);
        LockValue<String> timeout = value(TIMEOUT, "5", system, user);
        LockValue<String> grace = value(GRACE, "5", system, user);
        long minutes = GnomeScreenLock.unsigned(timeout.value());
        boolean enabled = !autolock.value().trim().equalsIgnoreCase("false") && minutes > 0;
        SettingSource source = LockValue.combined(List.of(autolock, timeout, grace));
        // the user writes these values; past the wire limit (a year) the collector would refuse the whole report
        return new ScreenLockSetting(account, Tri.of(enabled), enabled ? (int) Math.min(Limits.MAX_SECONDS / 60,
                minutes) * 60 : 0, passwordSet, (int) Math.min(Limits.MAX_SECONDS,
                GnomeScreenLock.unsigned(grace.value())), source, null);
    }

    private static LockValue<String> value(String key, String builtIn, Keyfile system, Keyfile user) {
        if (system != null && system.immutable().contains(key) && system.get(key) != null) {
            return new LockValue<>(system.get(key), SettingSource.POLICY);
        }
        if (user != null && user.get(key) != null) {
            return new LockValue<>(user.get(key), SettingSource.USER);
        }
        if (system != null && system.get(key) != null) {
            return new LockValue<>(system.get(key), SettingSource.DEFAULT);
        }
        return new LockValue<>(builtIn, SettingSource.DEFAULT);
    }
}
