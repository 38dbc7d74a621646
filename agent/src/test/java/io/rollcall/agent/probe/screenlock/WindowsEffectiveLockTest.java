package io.rollcall.agent.probe.screenlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.PowerCapabilities;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The effective Windows lock per account: power plan, its Group Policy overrides, sign-in on wake, Intune, the
 * machine inactivity limit and the screen saver, each against {@code reg export} fixtures.
 */
class WindowsEffectiveLockTest {
    private static final String SID = "S-1-5-21-3623811015-3361044348-30300820-1001";
    private static final LocalUser JANE = new LocalUser("jane.doe", 1001, "C:\\Users\\jane.doe", "jane.doe", Tri.YES);
    private static final LocalUser AWAY = new LocalUser("m.jones", -1, "C:\\Users\\m.jones", "m.jones", Tri.YES);
    private static final String DEFAULTS = "windows/screenlock/power-balanced-defaults.reg";
    private static final String MODERN_STANDBY = "windows/screenlock/modern-standby.reg";
    /** A signed-in user with a fresh profile: no screen saver. */
    private static final String FRESH_PROFILE = "windows/screenlock-none.reg";

    private static RegExportRegistry registry(String... regFiles) {
        List<Path> all = new ArrayList<>(List.of(Fixtures.of("windows/profiles.reg")));
        for (String f : regFiles) {
            all.add(Fixtures.of(f));
        }
        return RegExportRegistry.of(all.toArray(Path[]::new));
    }

    /** The probe where neither the kernel nor powercfg answers, so the registry values decide as before. */
    private static WindowsScreenLockProbe probe(RegExportRegistry registry) {
        return probe(registry, WindowsSeams.kernelFails(), WindowsSeams.noPowercfg());
    }

    private static WindowsScreenLockProbe probe(RegExportRegistry registry, PowerCapabilities kernel,
                                                CommandRunner commands) {
        return new WindowsScreenLockProbe(registry, kernel, commands, "C:\\Windows");
    }

    private static ScreenLockSetting jane(String... regFiles) {
        return jane(probe(registry(regFiles)));
    }

    private static ScreenLockSetting jane(WindowsScreenLockProbe probe) {
        ScreenLockSection s = probe.read(List.of(JANE));
        assertEquals(1, s.perAccount().size());
        return s.perAccount().get(0);
    }

    @Test
    void defaultLaptopWithoutScreenSaverLocksAtDisplayOffAndAsksThePasswordOnWake() {
        // Balanced: display off after 600 s plugged in, 300 s on battery; the longer one counts.
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 600, Tri.YES, 0, SettingSource.POWER, null),
                jane(FRESH_PROFILE, DEFAULTS, MODERN_STANDBY));
    }

    @Test
    void withoutAModernStandbySignTheSleepTimeoutIsTheLockSinceDisplayOffLocksNothingOnS3() {
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS);
        assertEquals(1800, s.idleSeconds(), "Balanced sleeps after 1800 s plugged in, 900 s on battery");
        assertEquals(SettingSource.POWER, s.source());
        assertEquals(Tri.YES, s.passwordRequired());
    }

    @Test
    void groupPolicyDisplayOffOverridesTheSchemeAndIsReportedAsPolicy() {
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS, MODERN_STANDBY, "windows/screenlock/power-policy.reg");
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 240, Tri.YES, 0, SettingSource.POLICY, null), s);
    }

    @Test
    void displayNeverTurningOffOnBatteryIsTheWorseOfTheTwoAndSwitchesTheLockOffByPolicy() {
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS, MODERN_STANDBY,
                "windows/screenlock/power-policy-battery-never.reg");
        assertEquals(new ScreenLockSetting("jane.doe", Tri.NO, 0, Tri.NO, null, SettingSource.POLICY, null), s);
    }

    @Test
    void signInOnWakeTurnedOffLeavesTheLockWithoutPassword() {
        ScreenLockSetting s = jane(DEFAULTS, MODERN_STANDBY, "windows/screenlock/consolelock-off.reg");
        assertEquals(Tri.YES, s.lockEnabled());
        assertEquals(600, s.idleSeconds());
        assertEquals(Tri.NO, s.passwordRequired());
        assertEquals(SettingSource.POWER, s.source());
    }

    @Test
    void requireAPasswordOnWakePolicyBeatsTheUsersNeverInTheScheme() {
        // The policy puts CONSOLELOCK back to 1; DelayLockInterval "never" still opens a Modern Standby laptop.
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS, "windows/screenlock/consolelock-off.reg",
                "windows/screenlock/power-policy.reg");
        assertEquals(Tri.YES, s.passwordRequired(), "S3 machine: only CONSOLELOCK counts, and the policy sets it");
        ScreenLockSetting modern = jane(DEFAULTS, MODERN_STANDBY, "windows/screenlock/consolelock-off.reg",
                "windows/screenlock/power-policy.reg");
        assertEquals(Tri.NO, modern.passwordRequired());
    }

    @Test
    void removeLockComputerMeansNoSignInOnWake() {
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS, MODERN_STANDBY,
                "windows/screenlock/lock-workstation-removed.reg");
        assertEquals(Tri.NO, s.passwordRequired());
    }

    @Test
    void intuneMaximumInactivityLocksBeforeTheDisplayTurnsOff() {
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS, MODERN_STANDBY, "windows/screenlock/intune-devicelock.reg");
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 300, Tri.YES, 0, SettingSource.MDM, null), s);
    }

    @Test
    void intuneValueOnlyAtItsProviderStillCountsAndAppliesToUsersNotSignedIn() {
        WindowsScreenLockProbe probe = probe(registry(DEFAULTS, "windows/screenlock/intune-provider-only.reg"));
        ScreenLockSetting away = probe.read(List.of(AWAY)).perAccount().get(0);
        assertEquals(new ScreenLockSetting("m.jones", Tri.YES, 600, Tri.YES, 0, SettingSource.MDM, null), away);
    }

    @Test
    void machineInactivityLimitWinsOverALaterSleep() {
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS, "windows/machine-inactivity.reg");
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 600, Tri.YES, 0, SettingSource.POLICY, null), s);
    }

    @Test
    void secureScreenSaverEarlierThanDisplayOffIsTheLockWithItsGracePeriod() {
        ScreenLockSetting s = jane(DEFAULTS, MODERN_STANDBY, "windows/screenlock/screensaver-secure-300.reg");
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 300, Tri.YES, 5, SettingSource.SCREENSAVER, null),
                s);
    }

    @Test
    void dynamicLockIsReadAsEvidenceAndChangesNoTimer() {
        RegExportRegistry r = registry(DEFAULTS, MODERN_STANDBY, "windows/screenlock/screensaver-secure-300.reg");
        assertEquals(Tri.YES, WindowsScreenLockProbe.dynamicLock(r, SID));
        assertEquals(Tri.NO, WindowsScreenLockProbe.dynamicLock(registry(FRESH_PROFILE), SID));
        assertEquals(300, probe(r).read(List.of(JANE)).perAccount().get(0).idleSeconds());
    }

    @Test
    void activeSchemeWithoutReadableTimeoutsIsUnknownWithTheSchemeNamed() {
        ScreenLockSetting s = jane(FRESH_PROFILE, "windows/screenlock/scheme-without-defaults.reg");
        assertEquals(Tri.UNKNOWN, s.lockEnabled());
        assertNull(s.idleSeconds());
        assertTrue(s.reason().contains("5b0f4a8e-3c6d-4e2f-9a1b-7c8d9e0f1a2b"), s.reason());
    }

    @Test
    void unreadablePowerPlanStillReportsALockThatIsKnownToComeWithThePassword() {
        ScreenLockSetting s = jane(FRESH_PROFILE, "windows/screenlock/scheme-without-defaults.reg",
                "windows/screenlock/intune-devicelock.reg");
        assertEquals(300, s.idleSeconds());
        assertEquals(SettingSource.MDM, s.source());
    }

    @Test
    void everythingSetToNeverIsALockThatIsOff() {
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS, "windows/screenlock/never-sleep.reg");
        assertEquals(Tri.NO, s.lockEnabled());
        assertEquals(0, s.idleSeconds());
    }

    @Test
    void defaultWindows11LaptopWithoutCsEnabledLocksAtDisplayOffWhenTheKernelReportsModernStandby() {
        // Windows 10 2004 and later write no CsEnabled: the registry alone would say "locks at sleep, 1800 s".
        ScreenLockSetting s = jane(probe(registry(FRESH_PROFILE, DEFAULTS), WindowsSeams.kernel(Tri.YES),
                WindowsSeams.noPowercfg()));
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 600, Tri.YES, 0, SettingSource.POWER, null), s);
    }

    @Test
    void defaultWindows11LaptopIsRecognisedFromPowercfgWhenTheKernelCallFails() {
        ScreenLockSetting s = jane(probe(registry(FRESH_PROFILE, DEFAULTS), WindowsSeams.kernelFails(),
                WindowsSeams.powercfg("powercfg-a-s0-windows11.txt")));
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 600, Tri.YES, 0, SettingSource.POWER, null), s);
    }

    @Test
    void s3MachineLocksAtSleepWhetherTheKernelOrPowercfgSaysSo() {
        ScreenLockSetting expected = new ScreenLockSetting("jane.doe", Tri.YES, 1800, Tri.YES, 0,
                SettingSource.POWER, null);
        assertEquals(expected, jane(probe(registry(FRESH_PROFILE, DEFAULTS), WindowsSeams.kernel(Tri.NO),
                WindowsSeams.noPowercfg())));
        assertEquals(expected, jane(probe(registry(FRESH_PROFILE, DEFAULTS), WindowsSeams.kernelFails(),
                WindowsSeams.powercfg("powercfg-a-s3-desktop.txt"))));
    }

    @Test
    void whenNothingTellsTheKindOfStandbyTheSleepTimeoutIsKeptAndTheReasonSaysWhy() {
        ScreenLockSetting s = jane(FRESH_PROFILE, DEFAULTS);
        assertEquals(Tri.YES, s.lockEnabled());
        assertEquals(1800, s.idleSeconds(), "the conservative upper bound: Balanced sleeps after 1800 s plugged in");
        assertEquals(Tri.YES, s.passwordRequired());
        assertEquals(SettingSource.POWER, s.source());
        assertTrue(s.reason().contains("Modern Standby could not be told"), s.reason());
        assertTrue(s.reason().contains(WindowsSeams.KERNEL_FAILURE), s.reason());
        assertTrue(s.reason().contains(WindowsSeams.POWERCFG_FAILURE), s.reason());
    }

    @Test
    void neverSleepingIsALockThatIsOffOnlyWhereDisplayOffDoesNotEnterModernStandby() {
        ScreenLockSetting s3 = jane(probe(registry(FRESH_PROFILE, DEFAULTS, "windows/screenlock/never-sleep.reg"),
                WindowsSeams.kernel(Tri.NO), WindowsSeams.noPowercfg()));
        assertEquals(Tri.NO, s3.lockEnabled());
        assertEquals(0, s3.idleSeconds());
        assertNull(s3.reason(), "an S3 machine that never sleeps has no lock, and nothing about it is uncertain");
        ScreenLockSetting modern = jane(probe(registry(FRESH_PROFILE, DEFAULTS,
                "windows/screenlock/never-sleep.reg"), WindowsSeams.kernel(Tri.YES), WindowsSeams.noPowercfg()));
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 600, Tri.YES, 0, SettingSource.POWER, null), modern);
        ScreenLockSetting unknown = jane(FRESH_PROFILE, DEFAULTS, "windows/screenlock/never-sleep.reg");
        assertEquals(Tri.NO, unknown.lockEnabled());
        assertTrue(unknown.reason().contains("Modern Standby could not be told"), unknown.reason());
    }
}
