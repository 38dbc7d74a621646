package io.rollcall.agent.probe.screenlock;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.PowerCapabilities;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.agent.probe.accounts.WindowsAccountsProbe;
import io.rollcall.agent.probe.screenlock.WindowsLockResolver.Machine;
import io.rollcall.agent.probe.screenlock.WindowsLockResolver.User;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Tri;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Screen lock on Windows, one effective answer per account ({@link WindowsLockResolver} says which mechanism wins).
 * Read: per user hive (HKU\&lt;SID&gt;) {@code Control Panel\Desktop} (screen saver, {@code DelayLockInterval}), its
 * policy twin under {@code Software\Policies\Microsoft\Windows\Control Panel\Desktop} and
 * {@code Software\Microsoft\Windows\CurrentVersion\Policies\System} ({@code DisableLockWorkstation}); for the machine
 * {@code InactivityTimeoutSecs}, Intune's {@code DeviceLock} in PolicyManager, the power plan
 * ({@link WindowsPowerPlan}), whether display-off enters Modern Standby ({@link WindowsStandby}: the kernel's power
 * capabilities, else {@code powercfg /a}, else the registry) and {@code ScreenSaverGracePeriod} (HKLM ...\Winlogon,
 * 5 s when absent).
 *
 * <p>A user who is not signed in has no hive loaded, so only the machine-wide limits can be known for them. Dynamic
 * lock ({@code EnableGoodbye}) locks when a paired phone walks away, not after idle time, so it is not a lock timer:
 * {@link #dynamicLock} reads it for the record only.
 */
public final class WindowsScreenLockProbe implements ScreenLockProbe {
    static final String DESKTOP = "Control Panel\\Desktop";
    static final String POLICY_DESKTOP = "Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop";
    static final String USER_SYSTEM_POLICY = "Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";
    static final String SYSTEM_POLICY = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";
    static final String WINLOGON = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon";
    static final String USER_WINLOGON = "Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon";
    static final String MDM_DEVICE_LOCK = "HKLM\\SOFTWARE\\Microsoft\\PolicyManager\\current\\device\\DeviceLock";
    static final String MDM_PROVIDERS = "HKLM\\SOFTWARE\\Microsoft\\PolicyManager\\providers";
    static final int DEFAULT_GRACE_SECONDS = 5;
    static final String HIVE_NOT_LOADED = "the user is not signed in, so their settings (registry hive) cannot be "
            + "read, and no machine inactivity limit applies";

    private final Registry registry;
    private final PowerCapabilities kernel;
    private final CommandRunner commands;
    private final String powercfg;

    /**
     * @param systemRoot {@code %SystemRoot%}, where powercfg.exe is found; {@code C:\Windows} when {@code null}
     */
    public WindowsScreenLockProbe(Registry registry, PowerCapabilities kernel, CommandRunner commands,
                                  String systemRoot) {
        this.registry = registry;
        this.kernel = kernel;
        this.commands = commands;
        this.powercfg = WindowsStandby.powercfg(systemRoot);
    }

    @Override
    public ScreenLockSection read(List<LocalUser> accounts) {
        Map<String, String> sidByHome = new HashMap<>();
        for (WindowsAccountsProbe.Profile p : WindowsAccountsProbe.profiles(registry)) {
            sidByHome.put(p.path().toLowerCase(Locale.ROOT), p.sid());
        }
        Set<String> loaded = Set.copyOf(registry.subKeys("HKU").stream().map(s -> s.toUpperCase(Locale.ROOT))
                .toList());
        Machine machine = machine(registry, WindowsStandby.detect(kernel, commands, powercfg, registry));
        List<ScreenLockSetting> perAccount = new ArrayList<>();
        for (LocalUser u : accounts) {
            String sid = u.home() == null ? null : sidByHome.get(u.home().toLowerCase(Locale.ROOT));
            if (sid == null || !loaded.contains(sid.toUpperCase(Locale.ROOT))) {
                perAccount.add(WindowsLockResolver.machineOnly(u.reference(), machine)
                        .orElseGet(() -> ScreenLocks.unknown(u.reference(), HIVE_NOT_LOADED)));
                continue;
            }
            try {
                String hive = "HKU\\" + sid + "\\";
                User user = new User(registry.values(hive + DESKTOP), registry.values(hive + POLICY_DESKTOP),
                        registry.values(hive + USER_SYSTEM_POLICY));
                perAccount.add(WindowsLockResolver.resolve(u.reference(), machine, user));
            } catch (RuntimeException e) {
                perAccount.add(ScreenLocks.unknown(u.reference(), "could not read the settings: " + e.getMessage()));
            }
        }
        return new ScreenLockSection(perAccount, ScreenLocks.worst(perAccount, "no interactive accounts"));
    }

    static Machine machine(Registry registry, WindowsStandby.Standby standby) {
        Long inactivity = registry.number(SYSTEM_POLICY, "InactivityTimeoutSecs").filter(s -> s > 0).orElse(null);
        int grace = registry.number(WINLOGON, "ScreenSaverGracePeriod").map(Long::intValue)
                .orElse(DEFAULT_GRACE_SECONDS);
        return new Machine(inactivity, mdmSeconds(registry).orElse(null), WindowsPowerPlan.read(registry, standby),
                grace);
    }

    /**
     * Intune's {@code MaxInactivityTimeDeviceLock} in minutes (0 = no limit) as seconds: the merged value under
     * PolicyManager\current, else the shortest a provider wrote (providers\&lt;id&gt;\default\Device\DeviceLock),
     * which PolicyManager has not merged yet. Ignored when {@code DevicePasswordEnabled} is 1 (device password
     * disabled): the Policy CSP declares MaxInactivityTimeDeviceLock (range 0-999 minutes) as depending on
     * DevicePasswordEnabled = 0.
     */
    static Optional<Long> mdmSeconds(Registry registry) {
        if (registry.number(MDM_DEVICE_LOCK, "DevicePasswordEnabled").filter(v -> v == 1).isPresent()) {
            return Optional.empty();
        }
        Optional<Long> current = registry.number(MDM_DEVICE_LOCK, "MaxInactivityTimeDeviceLock");
        if (current.isEmpty()) {
            current = registry.subKeys(MDM_PROVIDERS).stream()
                    .map(id -> registry.number(MDM_PROVIDERS + "\\" + id + "\\default\\Device\\DeviceLock",
                            "MaxInactivityTimeDeviceLock"))
                    .flatMap(Optional::stream).filter(v -> v > 0).min(Long::compare);
        }
        return current.filter(v -> v > 0).map(minutes -> minutes * 60);
    }

    /** Whether dynamic lock (lock when the paired phone leaves) is on in a loaded hive; evidence, not a timer. */
    static Tri dynamicLock(Registry registry, String sid) {
        return registry.number("HKU\\" + sid + "\\" + USER_WINLOGON, "EnableGoodbye").map(v -> Tri.of(v == 1))
                .orElse(Tri.NO);
    }
}
