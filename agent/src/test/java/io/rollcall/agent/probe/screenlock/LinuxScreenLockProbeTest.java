package io.rollcall.agent.probe.screenlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxScreenLockProbeTest {
    private static final LocalUser ALICE = new LocalUser("alice", 1000, "/home/alice", "hash-alice", Tri.YES);
    private static final LocalUser BOB = new LocalUser("bob", 1001, "/home/bob", "bob.jones", Tri.YES);

    private static final String USER_DB = "GVariant of ";

    @TempDir
    Path root;

    /**
     * dconf dump output per home directory, as the real tool prints it for /org/gnome/desktop/. Like the real tool,
     * the fake reads $XDG_CONFIG_HOME/dconf/user: the probe's copy, whose content names the home it came from.
     */
    private CommandRunner dconf(Map<String, List<String>> dumpByHome) {
        return (cmd, env, timeout) -> {
            assertEquals(List.of("/usr/bin/dconf", "dump", "/org/gnome/desktop/"), cmd);
            assertTrue(env.get("DCONF_PROFILE") != null, "must read the user db alone");
            Path copy = Path.of(env.get("XDG_CONFIG_HOME"), "dconf/user");
            assertFalse(copy.startsWith(root), "dconf must read a copy, not the user's home");
            String home;
            try {
                home = Files.readString(copy).substring(USER_DB.length());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(0, dumpByHome.getOrDefault(home, List.of()), null);
        };
    }

    private void gnomeInstalled() {
        Fixtures.write(root, "/usr/bin/gnome-shell", "");
        Fixtures.write(root, "/usr/bin/dconf", "");
        Fixtures.write(root, "/etc/dconf/profile/user", "user-db:user\nsystem-db:local\n");
        Fixtures.write(root, "/home/alice/.config/dconf/user", USER_DB + "/home/alice");
    }

    private ScreenLockSection read(CommandRunner commands, LocalUser... users) {
        return new LinuxScreenLockProbe(FileSource.rootedAt(root), commands).read(List.of(users));
    }

    @Test
    void twoGnomeUsersWithDifferentSettingsAreReportedApartAndTheLongerIdleIsEffective() {
        gnomeInstalled();
        ScreenLockSection s = read(dconf(Map.of("/home/alice", List.of("[screensaver]", "lock-delay=uint32 30", "",
                "[session]", "idle-delay=uint32 1800"))), ALICE, BOB);

        assertEquals(new ScreenLockSetting("hash-alice", Tri.YES, 1800, Tri.YES, 30, SettingSource.USER, null),
                s.perAccount().get(0));
        assertEquals(new ScreenLockSetting("bob.jones", Tri.YES, 300, Tri.YES, 0, SettingSource.DEFAULT, null),
                s.perAccount().get(1));
        assertEquals(new ScreenLockSetting(null, Tri.YES, 1800, Tri.YES, 30, SettingSource.USER, null), s.effective());
    }

    @Test
    void systemLockOverridesTheUsersIdleDelay() {
        gnomeInstalled();
        Fixtures.write(root, "/etc/dconf/db/local.d/00-screenlock",
                "[org/gnome/desktop/session]\nidle-delay=uint32 600\n");
        Fixtures.write(root, "/etc/dconf/db/local.d/locks/screenlock", "/org/gnome/desktop/session/idle-delay\n");
        ScreenLockSection s = read(dconf(Map.of("/home/alice", List.of("[session]", "idle-delay=uint32 1800"))), ALICE);

        assertEquals(600, s.perAccount().get(0).idleSeconds());
        assertEquals(SettingSource.POLICY, s.perAccount().get(0).source());
    }

    @Test
    void gnomeUserWhoTurnedLockOffMakesTheEffectiveValueDisabled() {
        gnomeInstalled();
        ScreenLockSection s = read(dconf(Map.of("/home/alice", List.of("[screensaver]", "lock-enabled=false"))),
                ALICE, BOB);
        assertEquals(Tri.NO, s.perAccount().get(0).lockEnabled());
        assertEquals(0, s.perAccount().get(0).idleSeconds());
        assertEquals(Tri.NO, s.effective().lockEnabled());
    }

    @Test
    void unreadableUserDatabaseIsUnknownWithAReason() {
        gnomeInstalled();
        CommandRunner failing = (cmd, env, t) -> CommandResult.failed("dconf did not finish within 5000 ms");
        ScreenLockSetting alice = read(failing, ALICE).perAccount().get(0);
        assertEquals(Tri.UNKNOWN, alice.lockEnabled());
        assertEquals(SettingSource.UNKNOWN, alice.source());
        assertTrue(alice.reason().contains("did not finish"), alice.reason());
    }

    @Test
    void kdeWithAutolockOffIsDisabledByTheUser() {
        Fixtures.write(root, "/usr/bin/plasmashell", "");
        Fixtures.write(root, "/home/alice/.config/kscreenlockerrc", "[Daemon]\nAutolock=false\nTimeout=10\n");
        ScreenLockSection s = read(dconf(Map.of()), ALICE, BOB);
        assertEquals(new ScreenLockSetting("hash-alice", Tri.NO, 0, Tri.YES, 5, SettingSource.USER, null),
                s.perAccount().get(0));
        assertEquals(new ScreenLockSetting("bob.jones", Tri.YES, 300, Tri.YES, 5, SettingSource.DEFAULT, null),
                s.perAccount().get(1));
        assertEquals(Tri.NO, s.effective().lockEnabled());
    }

    @Test
    void kdeImmutableSystemTimeoutIsPolicyAndBeatsTheUser() {
        Fixtures.write(root, "/usr/bin/plasmashell", "");
        Fixtures.write(root, "/etc/xdg/kscreenlockerrc", "[Daemon]\nTimeout[$i]=3\nAutolock[$i]=true\n"
                + "LockGrace[$i]=0\n");
        Fixtures.write(root, "/home/alice/.config/kscreenlockerrc", "[Daemon]\nTimeout=60\n");
        ScreenLockSetting alice = read(dconf(Map.of()), ALICE).perAccount().get(0);
        assertEquals(new ScreenLockSetting("hash-alice", Tri.YES, 180, Tri.YES, 0, SettingSource.POLICY, null), alice);
    }

    @Test
    void gnomeAndKdeBothInstalledGiveOneAnswerPerAccountTheLaterLockOfTheTwo() {
        gnomeInstalled();
        Fixtures.write(root, "/usr/bin/plasmashell", "");
        Fixtures.write(root, "/home/alice/.config/kscreenlockerrc", "[Daemon]\nTimeout=15\n");
        ScreenLockSection s = read(dconf(Map.of()), ALICE, BOB);
        assertEquals(2, s.perAccount().size(), "one answer per account, not one per desktop");
        assertEquals(new ScreenLockSetting("hash-alice", Tri.YES, 900, Tri.YES, 5, SettingSource.USER, null),
                s.perAccount().get(0), "KDE's 15 minutes is later than GNOME's default 300 s, so it counts");
        assertEquals(300, s.perAccount().get(1).idleSeconds(), "both desktops at their defaults lock after 300 s");
    }

    @Test
    void noDesktopInstalledMeansUnknownWithAReason() {
        ScreenLockSection s = read(dconf(Map.of()), ALICE);
        assertEquals(Tri.UNKNOWN, s.perAccount().get(0).lockEnabled());
        assertNull(s.perAccount().get(0).idleSeconds());
        assertEquals(SettingSource.UNKNOWN, s.effective().source());
        assertEquals(LinuxScreenLockProbe.NO_DESKTOP, s.effective().reason());
    }

    @Test
    void accountWithoutPasswordUnlocksWithoutOne() {
        gnomeInstalled();
        LocalUser open = new LocalUser("carl", 1002, "/home/carl", "hash-carl", Tri.NO);
        assertEquals(Tri.NO, read(dconf(Map.of()), open).perAccount().get(0).passwordRequired());
    }
}
