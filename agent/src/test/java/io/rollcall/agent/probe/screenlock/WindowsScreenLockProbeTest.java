package io.rollcall.agent.probe.screenlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsScreenLockProbeTest {
    private static final LocalUser JANE = new LocalUser("jane.doe", 1001, "C:\\Users\\jane.doe", "jane.doe", Tri.YES);
    private static final LocalUser KID = new LocalUser("Kid", 1002, "C:\\Users\\Kid", "kid-hash", Tri.UNKNOWN);
    private static final LocalUser AWAY = new LocalUser("m.jones", -1, "C:\\Users\\m.jones", "m.jones", Tri.YES);

    private static ScreenLockSection scan(List<LocalUser> users, String... regFiles) {
        String[] all = new String[regFiles.length + 1];
        all[0] = "windows/profiles.reg";
        System.arraycopy(regFiles, 0, all, 1, regFiles.length);
        return new WindowsScreenLockProbe(RegExportRegistry.of(Arrays.stream(all).map(Fixtures::of)
                .toArray(java.nio.file.Path[]::new)), WindowsSeams.kernelFails(), WindowsSeams.noPowercfg(), null)
                .read(users);
    }

    private static ScreenLockSetting only(ScreenLockSection s) {
        assertEquals(1, s.perAccount().size());
        return s.perAccount().get(0);
    }

    @Test
    void noScreenSaverAndNoPowerPlanRecordedIsUnknownWithTheReason() {
        ScreenLockSetting jane = only(scan(List.of(JANE), "windows/screenlock-none.reg"));
        assertEquals(Tri.UNKNOWN, jane.lockEnabled());
        assertNull(jane.idleSeconds());
        assertTrue(jane.reason().contains("no active power scheme"), jane.reason());
    }

    @Test
    void twoUsersWithDifferentSettingsAreReportedEachAndTheScreenSaverWithoutPasswordIsVisible() {
        // Power plan set to never sleep, so only the screen savers decide.
        ScreenLockSection s = scan(List.of(JANE, KID), "windows/screenlock-users.reg",
                "windows/screenlock/power-balanced-defaults.reg", "windows/screenlock/never-sleep.reg");
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 600, Tri.YES, 5, SettingSource.SCREENSAVER, null),
                s.perAccount().get(0));
        assertEquals(new ScreenLockSetting("kid-hash", Tri.YES, 300, Tri.NO, null, SettingSource.SCREENSAVER, null),
                s.perAccount().get(1));
        assertEquals(600, s.effective().idleSeconds(), "the effective value is the worst: the longest idle time");
    }

    @Test
    void groupPolicyOverridesTheUsersOwnChoice() {
        ScreenLockSetting kid = only(scan(List.of(KID), "windows/screenlock-policy.reg"));
        assertEquals(new ScreenLockSetting("kid-hash", Tri.YES, 900, Tri.YES, 5, SettingSource.POLICY, null), kid);
    }

    @Test
    void machineInactivityLimitLocksSoonerThanAnInsecureScreenSaver() {
        ScreenLockSection s = scan(List.of(JANE, KID), "windows/screenlock-users.reg",
                "windows/machine-inactivity.reg");
        ScreenLockSetting kid = s.perAccount().get(1);
        assertEquals(Tri.YES, kid.passwordRequired());
        assertEquals(600, kid.idleSeconds());
        assertEquals(SettingSource.POLICY, kid.source());
    }

    @Test
    void userNotSignedInIsUnknownUnlessTheMachineLimitApplies() {
        ScreenLockSetting away = only(scan(List.of(AWAY), "windows/screenlock-users.reg"));
        assertEquals(Tri.UNKNOWN, away.lockEnabled());
        assertEquals(WindowsScreenLockProbe.HIVE_NOT_LOADED, away.reason());
        ScreenLockSetting limited = only(scan(List.of(AWAY), "windows/machine-inactivity.reg"));
        assertEquals(Tri.YES, limited.lockEnabled());
        assertEquals(600, limited.idleSeconds());
    }
}
