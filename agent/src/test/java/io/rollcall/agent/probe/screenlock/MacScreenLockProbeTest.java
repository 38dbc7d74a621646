package io.rollcall.agent.probe.screenlock;

import static io.rollcall.agent.os.mac.PlistFixtures.binary;
import static io.rollcall.agent.os.mac.PlistFixtures.put;
import static io.rollcall.agent.os.mac.PlistFixtures.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake /Users and /Library/Managed Preferences trees; sysadminctl is mocked at the process boundary. */
class MacScreenLockProbeTest {
    private static final String BYHOST = "/Library/Preferences/ByHost/com.apple.screensaver.5F7C3E2A-9D41-4B8E-A0C6-1E2D3F4A5B6C.plist";
    private static final LocalUser JANE = new LocalUser("jane.doe", 501, "/Users/jane.doe", "jane.doe", Tri.YES);
    private static final LocalUser KID = new LocalUser("kid", 502, "/Users/kid", "h:kid", Tri.YES);

    @TempDir
    Path root;
    final CommandRunner commands = mock(CommandRunner.class);

    private void sysadminctl(String user, String fixture) throws Exception {
        List<String> out = Files.readAllLines(Fixtures.of("macos/" + fixture));
        when(commands.run(argThat(c -> c != null && c.contains(user) && c.contains("-screenLock")), any(Duration.class)))
                .thenReturn(new CommandResult(0, out, null));
    }

    @org.junit.jupiter.api.BeforeEach
    void noCommandAnswersUnlessATestSaysSo() {
        when(commands.run(any(), any(Duration.class))).thenReturn(CommandResult.failed("not run in this test"));
    }

    private void pmset(String fixture) throws Exception {
        List<String> out = Files.readAllLines(Fixtures.of("macos/" + fixture));
        when(commands.run(eq(List.of(MacScreenLockProbe.PMSET, "-g", "custom")), any(Duration.class)))
                .thenReturn(new CommandResult(0, out, null));
    }

    private ScreenLockSection read(LocalUser... users) {
        return new MacScreenLockProbe(FileSource.rootedAt(root), commands).read(List.of(users));
    }

    @Test
    void noScreenSaverConfiguredAndTheChargerDimsLaterMeansMacOsDefaultOfTwentyMinutes() throws Exception {
        Files.createDirectories(root.resolve("Users/jane.doe"));
        pmset("pmset-custom-intel-blog.txt"); // battery 2 min, charger 30 min: on the charger the saver comes first
        sysadminctl("jane.doe", "sysadminctl-screenlock-immediate.txt");
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 1200, Tri.YES, 0, SettingSource.DEFAULT, null), s);
    }

    @Test
    void noScreenSaverConfiguredButTheDisplaySleepsFirstLocksAtDisplaySleep() throws Exception {
        Files.createDirectories(root.resolve("Users/jane.doe"));
        pmset("pmset-custom-apple-silicon.txt"); // battery 15 min, charger 10 min (sleep 1 does not come first)
        sysadminctl("jane.doe", "sysadminctl-screenlock-immediate.txt");
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 900, Tri.YES, 0, SettingSource.POWER, null), s);
    }

    @Test
    void aChargerThatNeverDimsLeavesTheScreenSaverToLock() throws Exception {
        put(root, "/Users/jane.doe" + BYHOST, xml("screensaver-byhost-3600.plist"));
        pmset("pmset-custom-ac-never.txt");
        sysadminctl("jane.doe", "sysadminctl-screenlock-delay5.txt");
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 3600, Tri.YES, 5, SettingSource.SCREENSAVER, null), s);
    }

    @Test
    void screenSaverSetToNeverAndAChargerThatNeverDimsNeverLocks() throws Exception {
        put(root, "/Users/jane.doe" + BYHOST, "<plist version=\"1.0\"><dict><key>idleTime</key><integer>0</integer></dict></plist>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pmset("pmset-custom-ac-never.txt");
        sysadminctl("jane.doe", "sysadminctl-screenlock-immediate.txt");
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(Tri.NO, s.lockEnabled());
        assertEquals(0, s.idleSeconds());
        assertEquals(SettingSource.SCREENSAVER, s.source());
    }

    @Test
    void whenPmsetCannotBeReadTheScreenSaverTimeIsKeptWithTheReason() throws Exception {
        put(root, "/Users/jane.doe" + BYHOST, xml("screensaver-byhost-300.plist"));
        sysadminctl("jane.doe", "sysadminctl-screenlock-immediate.txt");
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(300, s.idleSeconds());
        assertEquals(SettingSource.SCREENSAVER, s.source());
        assertTrue(s.reason().contains("display and system sleep not read (not run in this test)"), s.reason());
    }

    @Test
    void sysadminctlRunsInsideTheUsersSessionThroughLaunchctlAsuser() throws Exception {
        Files.createDirectories(root.resolve("Users/kid"));
        pmset("pmset-custom-apple-silicon.txt");
        read(KID);
        org.mockito.Mockito.verify(commands).run(eq(List.of("/bin/sh", "-c", "exec \"$@\" 2>&1", "sh",
                "/bin/launchctl", "asuser", "502", "/usr/bin/sudo", "-n", "-u", "kid", "/usr/sbin/sysadminctl",
                "-screenLock", "status")), any(Duration.class));
    }

    @Test
    void anEmptyAnswerFromSysadminctlIsUnknownNeverOff() throws Exception {
        Files.createDirectories(root.resolve("Users/jane.doe"));
        pmset("pmset-custom-apple-silicon.txt");
        when(commands.run(argThat(c -> c != null && c.contains("-screenLock")), any(Duration.class)))
                .thenReturn(new CommandResult(0, List.of(), null)); // what osquery and Fleet see outside the session
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(Tri.UNKNOWN, s.passwordRequired());
        assertEquals(900, s.idleSeconds());
        assertTrue(s.reason().contains("printed nothing") && s.reason().contains("login session"), s.reason());
    }

    @Test
    void anMdmIdleTimeEarlierThanDisplaySleepWinsAsMdm() throws Exception {
        put(root, "/Library/Managed Preferences/jane.doe/com.apple.screensaver.plist", xml("screensaver-managed-600.plist"));
        pmset("pmset-custom-intel-blog.txt");
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 600, Tri.YES, 5, SettingSource.MDM, null), s);
    }

    @Test
    void screenSaverWithoutPasswordIsReportedAsSuch() throws Exception {
        put(root, "/Users/jane.doe" + BYHOST, binary("screensaver-byhost-300.plist"));
        sysadminctl("jane.doe", "sysadminctl-screenlock-off.txt");
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(Tri.YES, s.lockEnabled());
        assertEquals(300, s.idleSeconds());
        assertEquals(Tri.NO, s.passwordRequired());
        assertEquals(SettingSource.SCREENSAVER, s.source());
    }

    @Test
    void aConfigurationProfileOverridesTheUsersOwnSettings() throws Exception {
        put(root, "/Users/jane.doe" + BYHOST, xml("screensaver-byhost-3600.plist"));
        put(root, "/Library/Managed Preferences/jane.doe/com.apple.screensaver.plist", xml("screensaver-managed-600.plist"));
        pmset("pmset-custom-intel-blog.txt");
        sysadminctl("jane.doe", "sysadminctl-screenlock-off.txt"); // the user turned it off; the profile wins
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(new ScreenLockSetting("jane.doe", Tri.YES, 600, Tri.YES, 5, SettingSource.MDM, null), s);
    }

    @Test
    void aDeviceWideProfileAppliesToEveryUserAndTheUserScopedOneWins() throws Exception {
        put(root, "/Library/Managed Preferences/com.apple.screensaver.plist", xml("screensaver-managed-600.plist"));
        put(root, "/Users/kid" + BYHOST, xml("screensaver-byhost-3600.plist"));
        Files.createDirectories(root.resolve("Users/jane.doe"));
        ScreenLockSection s = read(JANE, KID);
        assertEquals(600, s.perAccount().get(1).idleSeconds());
        assertEquals(SettingSource.MDM, s.perAccount().get(1).source());
    }

    @Test
    void twoUsersWithDifferentSettingsAndTheEffectiveValueIsTheWorst() throws Exception {
        put(root, "/Users/jane.doe" + BYHOST, xml("screensaver-byhost-300.plist"));
        put(root, "/Users/kid" + BYHOST, binary("screensaver-byhost-3600.plist"));
        sysadminctl("jane.doe", "sysadminctl-screenlock-delay5.txt");
        sysadminctl("kid", "sysadminctl-screenlock-delay5.txt");
        ScreenLockSection s = read(JANE, KID);
        assertEquals(300, s.perAccount().get(0).idleSeconds());
        assertEquals(5, s.perAccount().get(0).graceSeconds());
        assertEquals("h:kid", s.perAccount().get(1).account());
        assertEquals(3600, s.perAccount().get(1).idleSeconds());
        assertEquals(new ScreenLockSetting(null, Tri.YES, 3600, Tri.YES, 5, SettingSource.SCREENSAVER, null), s.effective());
    }

    @Test
    void screenSaverNeverWithDisplaySleepUnreadIsUnknownNotNever() throws Exception {
        put(root, "/Users/jane.doe" + BYHOST, "<plist version=\"1.0\"><dict><key>idleTime</key><integer>0</integer></dict></plist>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sysadminctl("jane.doe", "sysadminctl-screenlock-immediate.txt");
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(Tri.UNKNOWN, s.lockEnabled(), "the display may still sleep and lock");
        assertEquals(null, s.idleSeconds());
        assertTrue(s.reason().contains("display and system sleep not read"), s.reason());
    }

    @Test
    void whenSysadminctlCannotRunThePasswordIsUnknownWithTheReason() throws Exception {
        put(root, "/Users/jane.doe" + BYHOST, xml("screensaver-byhost-300.plist"));
        when(commands.run(any(), any(Duration.class))).thenReturn(new CommandResult(1,
                List.of("sudo: a password is required"), null));
        ScreenLockSetting s = read(JANE).perAccount().get(0);
        assertEquals(Tri.UNKNOWN, s.passwordRequired());
        assertEquals(300, s.idleSeconds());
        assertTrue(s.reason().contains("sudo: a password is required"), s.reason());
    }

    @Test
    void pmsetProfilesAreParsedPerPowerSourceIncludingAnnotatedValues() {
        io.rollcall.agent.os.mac.Pmset p = io.rollcall.agent.os.mac.Pmset.parse(List.of("Battery Power:",
                " displaysleep         2", " sleep                1", "AC Power:",
                " sleep                0 (sleep prevented by coreaudiod, powerd)", " displaysleep         0",
                " Sleep On Power Button 1"));
        assertEquals(List.of("Battery Power", "AC Power"), p.sources());
        assertEquals(120, p.idleSleepSeconds("Battery Power").getAsLong());
        assertTrue(p.idleSleepSeconds("AC Power").isEmpty());
        assertEquals(1, p.setting("AC Power", "Sleep On Power Button").getAsLong());
    }

    @Test
    void statusLinesAreParsedBehindTheirNsLogPrefix() {
        assertEquals(new MacScreenLockProbe.Password(Tri.YES, 300), MacScreenLockProbe.parseStatus(
                List.of("2024-03-04 09:12:31.505 sysadminctl[2417:40117] screenLock delay is 300 seconds")));
        assertEquals(null, MacScreenLockProbe.parseStatus(List.of("usage: sysadminctl")));
    }
}
