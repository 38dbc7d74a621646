package io.rollcall.agent.probe.screenlock;

import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.agent.probe.accounts.WindowsAccountsProbe;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Screen lock on Windows, per user hive (HKU\&lt;SID&gt;): {@code ScreenSaveActive}, {@code ScreenSaverIsSecure},
 * {@code ScreenSaveTimeOut} and {@code SCRNSAVE.EXE} from {@code Control Panel\Desktop}, each overridden by the same
 * value under {@code Software\Policies\Microsoft\Windows\Control Panel\Desktop} (what Group Policy and Intune write).
 * A screen saver runs only when it is active and an executable is set. The machine policy
 * {@code InactivityTimeoutSecs} (HKLM ...\Policies\System, "Interactive logon: Machine inactivity limit") locks every
 * session, with the password, after that many seconds; when it locks sooner than the screen saver would, it is the
 * effective value. Grace period: {@code ScreenSaverGracePeriod} in HKLM ...\Winlogon, 5 s when absent.
 *
 * <p>A user who is not signed in has no hive loaded, so only the machine policy can be known for them.
 */
public final class WindowsScreenLockProbe implements ScreenLockProbe {
    static final String DESKTOP = "Control Panel\\Desktop";
    static final String POLICY_DESKTOP = "Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop";
    static final String SYSTEM_POLICY = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";
    static final String WINLOGON = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon";
    static final int DEFAULT_GRACE_SECONDS = 5;
    static final String HIVE_NOT_LOADED = "the user is not signed in, so their settings (registry hive) cannot be "
            + "read, and no machine inactivity limit applies";

    private final Registry registry;

    public WindowsScreenLockProbe(Registry registry) {
        this.registry = registry;
    }

    @Override
    public ScreenLockSection read(List<LocalUser> accounts) {
        Map<String, String> sidByHome = new HashMap<>();
        for (WindowsAccountsProbe.Profile p : WindowsAccountsProbe.profiles(registry)) {
            sidByHome.put(p.path().toLowerCase(Locale.ROOT), p.sid());
        }
        Set<String> loaded = Set.copyOf(registry.subKeys("HKU").stream().map(s -> s.toUpperCase(Locale.ROOT))
                .toList());
        Long inactivity = registry.number(SYSTEM_POLICY, "InactivityTimeoutSecs").filter(s -> s > 0).orElse(null);
        int grace = registry.number(WINLOGON, "ScreenSaverGracePeriod").map(Long::intValue)
                .orElse(DEFAULT_GRACE_SECONDS);
        List<ScreenLockSetting> perAccount = new ArrayList<>();
        for (LocalUser u : accounts) {
            String sid = u.home() == null ? null : sidByHome.get(u.home().toLowerCase(Locale.ROOT));
            if (sid == null || !loaded.contains(sid.toUpperCase(Locale.ROOT))) {
                perAccount.add(inactivity != null ? machineLimit(u.reference(), inactivity)
                        : ScreenLocks.unknown(u.reference(), HIVE_NOT_LOADED));
                continue;
            }
            try {
                Map<String, Object> user = registry.values("HKU\\" + sid + "\\" + DESKTOP);
                Map<String, Object> policy = registry.values("HKU\\" + sid + "\\" + POLICY_DESKTOP);
                perAccount.add(resolve(u.reference(), user, policy, inactivity, grace));
            } catch (RuntimeException e) {
                perAccount.add(ScreenLocks.unknown(u.reference(), "could not read the settings: " + e.getMessage()));
            }
        }
        return new ScreenLockSection(perAccount, ScreenLocks.worst(perAccount, "no interactive accounts"));
    }

    /**
     * The effective lock for one user from their Desktop values, their policy values and the machine inactivity
     * limit (seconds, {@code null} when not set).
     */
    static ScreenLockSetting resolve(String account, Map<String, Object> user, Map<String, Object> policy,
                                     Long inactivity, int grace) {
        LockValue<String> exe = pick("SCRNSAVE.EXE", user, policy, null);
        LockValue<String> active = pick("ScreenSaveActive", user, policy, "1");
        LockValue<String> secure = pick("ScreenSaverIsSecure", user, policy, "0");
        LockValue<String> timeout = pick("ScreenSaveTimeOut", user, policy, null);
        boolean runs = "1".equals(active.value()) && exe.value() != null && !exe.value().isBlank();
        Integer idle = runs ? seconds(timeout.value()) : null;
        if (inactivity != null && (!runs || !"1".equals(secure.value()) || idle == null || inactivity <= idle)) {
            return machineLimit(account, inactivity);
        }
        if (!runs) {
            SettingSource source = LockValue.combined(List.of(active, exe));
            return new ScreenLockSetting(account, Tri.NO, 0, Tri.NO, null, source, null);
        }
        SettingSource source = LockValue.combined(List.of(active, exe, secure, timeout));
        return new ScreenLockSetting(account, Tri.YES, idle, Tri.of("1".equals(secure.value())),
                "1".equals(secure.value()) ? grace : null, source,
                idle == null ? "the screen saver has no ScreenSaveTimeOut value" : null);
    }

    private static ScreenLockSetting machineLimit(String account, long seconds) {
        return new ScreenLockSetting(account, Tri.YES, (int) seconds, Tri.YES, 0, SettingSource.POLICY, null);
    }

    private static LockValue<String> pick(String name, Map<String, Object> user, Map<String, Object> policy,
                                          String fallback) {
        if (policy.get(name) != null) {
            return new LockValue<>(String.valueOf(policy.get(name)).trim(), SettingSource.POLICY);
        }
        if (user.get(name) != null) {
            return new LockValue<>(String.valueOf(user.get(name)).trim(), SettingSource.USER);
        }
        return new LockValue<>(fallback, SettingSource.DEFAULT);
    }

    private static Integer seconds(String s) {
        return Registry.number(s).filter(v -> v >= 0 && v < Integer.MAX_VALUE).map(Long::intValue).orElse(null);
    }
}
