package io.rollcall.agent.probe.screenlock;

import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Limits;
import java.util.List;
import java.util.Set;

/**
 * GNOME's screen lock from its dconf layers, without I/O. The keys: {@code session/idle-delay} (seconds until the
 * screen blanks, 0 = never), {@code screensaver/lock-enabled}, {@code screensaver/lock-delay} (seconds between
 * blanking and locking: the grace period) and {@code lockdown/disable-lock-screen}. Schema defaults: 300, true, 0,
 * false.
 *
 * <p>Precedence follows dconf: a key locked by a system database takes that database's value (POLICY); otherwise the
 * user's own value (USER); otherwise a system database default (DEFAULT, since the user may change it); otherwise the
 * schema default (DEFAULT).
 */
public final class GnomeScreenLock {
    static final String IDLE = "org/gnome/desktop/session/idle-delay";
    static final String LOCK = "org/gnome/desktop/screensaver/lock-enabled";
    static final String GRACE = "org/gnome/desktop/screensaver/lock-delay";
    static final String DISABLE = "org/gnome/desktop/lockdown/disable-lock-screen";
    static final List<String> KEYS = List.of(IDLE, LOCK, GRACE, DISABLE);

    private GnomeScreenLock() {
    }

    /**
     * @param systemDbs      the system databases of the user profile, highest precedence first
     * @param locks          locked key paths (without the leading slash; a trailing slash locks a whole directory)
     * @param user           the user's own values as "org/gnome/desktop/…/key"; {@code null} when they exist but
     *                       could not be read
     * @param unreadable     why {@code user} is {@code null}
     * @param passwordSet    whether the account has a password, which the unlock prompt asks for
     */
    public static ScreenLockSetting resolve(String account, List<Keyfile> systemDbs, Set<String> locks, Keyfile user,
                                            String unreadable, Tri passwordSet) {
        if (user == null && !KEYS.stream().allMatch(k -> locked(k, locks))) {
            return ScreenLocks.unknown(account, unreadable);
        }
        LockValue<String> idle = value(IDLE, "300", systemDbs, locks, user);
        LockValue<String> lock = value(LOCK, "true", systemDbs, locks, user);
        LockValue<String> grace = value(GRACE, "0", systemDbs, locks, user);
        LockValue<String> disable = value(DISABLE, "false", systemDbs, locks, user);
        // the user writes these values; past the wire limit (a year) the collector would refuse the whole report
        int idleSeconds = (int) Math.min(Limits.MAX_SECONDS, unsigned(idle.value()));
        boolean enabled = bool(lock.value()) && !bool(disable.value()) && idleSeconds > 0;
        SettingSource source = LockValue.combined(List.of(idle, lock, grace, disable));
        return new ScreenLockSetting(account, Tri.of(enabled), enabled ? idleSeconds : 0, passwordSet,
                (int) Math.min(Limits.MAX_SECONDS, unsigned(grace.value())), source, null);
    }

    private static LockValue<String> value(String key, String schemaDefault, List<Keyfile> systemDbs,
                                           Set<String> locks, Keyfile user) {
        String system = systemDbs.stream().map(db -> db.get(key)).filter(v -> v != null).findFirst().orElse(null);
        if (locked(key, locks)) {
            return new LockValue<>(system != null ? system : schemaDefault, SettingSource.POLICY);
        }
        if (user != null && user.get(key) != null) {
            return new LockValue<>(user.get(key), SettingSource.USER);
        }
        return new LockValue<>(system != null ? system : schemaDefault, SettingSource.DEFAULT);
    }

    private static boolean locked(String key, Set<String> locks) {
        return locks.stream().anyMatch(l -> l.equals(key) || l.endsWith("/") && key.startsWith(l));
    }

    /** GVariant text: "uint32 300", "300", "true", "false". */
    static long unsigned(String gvariant) {
        String v = gvariant.trim();
        int space = v.lastIndexOf(' ');
        try {
            return Math.max(0, Long.parseLong(space >= 0 ? v.substring(space + 1) : v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean bool(String gvariant) {
        return gvariant.trim().equalsIgnoreCase("true");
    }
}
