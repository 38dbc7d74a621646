package io.rollcall.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.accounts.LinuxAccountsProbe;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.agent.probe.hardware.FirmwareFacts;
import io.rollcall.agent.probe.hardware.LinuxHardwareProbe;
import io.rollcall.agent.probe.media.LinuxMediaProbe;
import io.rollcall.agent.probe.os.LinuxOsProbe;
import io.rollcall.agent.probe.screenlock.LinuxScreenLockProbe;
import io.rollcall.agent.probe.screenlock.MacScreenLockProbe;
import io.rollcall.agent.probe.security.LinuxSecurityProbe;
import io.rollcall.agent.probe.software.LinuxSoftwareProbe;
import io.rollcall.agent.probe.software.MacSoftwareProbe;
import io.rollcall.agent.probe.software.SoftwareProbe;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "a student can stop their laptop's audit": homes whose settings files are a link to /dev/zero, a link to
 * /etc/shadow, a FIFO, a 1 GB (sparse) file, a directory, or sit below a linked ~/.config. The real probes run
 * against real files; only the programs they start (dconf, sysadminctl) are faked at the process boundary. A hang is
 * the failure the time bound catches; it is not a performance claim.
 */
class HostileHomeTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final String SECRET = "SECRET-7f3a91-not-for-reports";
    private static final String KDE = ".config/kscreenlockerrc";
    private static final String DCONF = ".config/dconf/user";
    /** Account → what its settings files are, and the reason its screen lock must then carry. */
    private static final Map<String, String> TRAPS = Map.of(
            "zero", "symlink refused",
            "shadow", "symlink refused",
            "fifo", "not a regular file (FIFO)",
            "huge", "larger than",
            "folder", "not a regular file (directory)");

    @TempDir
    Path root;

    private final List<Map<String, String>> dconfCalls = Collections.synchronizedList(new ArrayList<>());

    /** dconf as it behaves: it reads $XDG_CONFIG_HOME/dconf/user; only frank's database holds settings. */
    private CommandResult fakeCommands(List<String> cmd, Map<String, String> env) {
        if (!cmd.get(0).endsWith("/dconf")) {
            return CommandResult.failed(cmd.get(0) + " is not run in this test");
        }
        dconfCalls.add(env);
        try {
            String db = Files.readString(Path.of(env.get("XDG_CONFIG_HOME"), "dconf/user"));
            return new CommandResult(0, db.equals("frank-db") ? List.of("[session]", "idle-delay=uint32 900")
                    : List.of(), null);
        } catch (IOException e) {
            return new CommandResult(1, List.of(), null);
        }
    }

    private void plant(Path file, String trap) throws IOException {
        Files.createDirectories(file.getParent());
        switch (trap) {
            case "zero" -> Files.createSymbolicLink(file, Path.of("/dev/zero"));
            case "shadow" -> Files.createSymbolicLink(file, Path.of("/etc/shadow"));
            case "fifo" -> mkfifo(file);
            case "huge" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(1L << 30); // sparse: a gigabyte that costs no disk
                }
            }
            case "folder" -> Files.createDirectories(file);
            default -> throw new IllegalArgumentException(trap);
        }
    }

    private void linuxMachine() throws IOException {
        StringBuilder passwd = new StringBuilder("root:x:0:0:root:/root:/bin/bash\n");
        StringBuilder shadow = new StringBuilder("root:*:19500:0:99999:7:::\n");
        int uid = 1001;
        for (String name : List.of("zero", "shadow", "fifo", "huge", "folder", "linked", "frank")) {
            passwd.append(name).append(":x:").append(uid).append(':').append(uid++).append("::/home/").append(name)
                    .append(":/bin/bash\n");
            shadow.append(name).append(":$6$salt$hash:19500:0:99999:7:::\n");
        }
        Fixtures.write(root, "/etc/passwd", passwd.toString());
        Fixtures.write(root, "/etc/shadow", shadow.toString());
        Fixtures.write(root, "/etc/group", "root:x:0:\n");
        Fixtures.write(root, "/usr/bin/gnome-shell", "");
        Fixtures.write(root, "/usr/bin/dconf", "");
        Fixtures.write(root, "/usr/bin/plasmashell", "");
        Fixtures.write(root, "/etc/dconf/profile/user", "user-db:user\nsystem-db:local\n");
        for (Map.Entry<String, String> t : TRAPS.entrySet()) {
            plant(home(t.getKey()).resolve(KDE), t.getKey());
            plant(home(t.getKey()).resolve(DCONF), t.getKey());
        }
        // ~/.config is a link to settings the student does not own; if followed they would say "never locks"
        Fixtures.write(root, "/srv/elsewhere/kscreenlockerrc", "[Daemon]\nAutolock=false\n# " + SECRET + "\n");
        Fixtures.write(root, "/srv/elsewhere/dconf/user", SECRET);
        Files.createDirectories(home("linked"));
        Files.createSymbolicLink(home("linked").resolve(".config"), root.resolve("srv/elsewhere"));
        Fixtures.write(root, "/home/frank/" + KDE, "[Daemon]\nTimeout=10\n");
        Fixtures.write(root, "/home/frank/" + DCONF, "frank-db");
    }

    private Path home(String name) {
        return root.resolve("home").resolve(name);
    }

    private Scanner linuxScanner() {
        FileSource files = FileSource.rootedAt(root);
        CommandRunner commands = (cmd, env, timeout) -> fakeCommands(cmd, env);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new ProbeScanner(new LinuxOsProbe(files),
                new LinuxHardwareProbe(files, () -> new FirmwareFacts(null, null, null, null, null, null), null),
                new LinuxSoftwareProbe(files, commands), new LinuxMediaProbe(files, commands, clock),
                new LinuxAccountsProbe(files, commands, clock, new ScanOptions("salt", Pattern.compile("^[a-z]+$"))),
                new LinuxScreenLockProbe(files, commands), new LinuxSecurityProbe(files, commands, clock));
    }

    @Test
    void scanOfHostileLinuxHomesFinishesAndEachTrappedAccountIsUnknownWithItsReason() throws Exception {
        linuxMachine();
        ScanResult result = assertTimeoutPreemptively(BOUND, () -> linuxScanner().scan());

        ScreenLockSection lock = result.sections().screenLock();
        Map<String, ScreenLockSetting> byAccount = lock.perAccount().stream()
                .collect(Collectors.toMap(ScreenLockSetting::account, s -> s));
        for (Map.Entry<String, String> t : TRAPS.entrySet()) {
            ScreenLockSetting s = byAccount.get(t.getKey());
            assertEquals(Tri.UNKNOWN, s.lockEnabled(), t.getKey() + ": " + s);
            assertEquals(SettingSource.UNKNOWN, s.source(), t.getKey());
            assertTrue(s.reason().contains("~/" + KDE + " not read: " + t.getValue()), t.getKey() + ": " + s.reason());
            assertTrue(s.reason().contains("~/" + DCONF + " not read: " + t.getValue()), t.getKey() + ": " + s.reason());
        }
        ScreenLockSetting linked = byAccount.get("linked");
        assertEquals(Tri.UNKNOWN, linked.lockEnabled(), "a linked ~/.config must not be followed: " + linked);
        assertTrue(linked.reason().contains("symlink refused (.config)"), linked.reason());

        // the scan went on: the ordinary account is read (GNOME's 900 s idle is worse than KDE's 600 s), and it is
        // the effective value
        ScreenLockSetting frank = new ScreenLockSetting("frank", Tri.YES, 900, Tri.YES, 0, SettingSource.USER, null);
        assertEquals(frank, byAccount.get("frank"));
        assertEquals(new ScreenLockSetting(null, Tri.YES, 900, Tri.YES, 0, SettingSource.USER, null),
                lock.effective());

        // dconf ran once, for frank, on a copy outside every home
        assertEquals(1, dconfCalls.size(), dconfCalls.toString());
        assertFalse(Path.of(dconfCalls.get(0).get("XDG_CONFIG_HOME")).startsWith(root), dconfCalls.toString());
        assertTrue(result.sections().accounts().users().size() >= 7, "the accounts section is whole");
    }

    @Test
    void nothingReadThroughALinkReachesTheReport() throws Exception {
        linuxMachine();
        ScanResult result = assertTimeoutPreemptively(BOUND, () -> linuxScanner().scan());
        String json = WireJson.mapper().writeValueAsString(result.sections())
                + WireJson.mapper().writeValueAsString(result.errors());

        assertFalse(json.contains(SECRET), "content behind a linked ~/.config leaked into the report");
        Path shadow = Path.of("/etc/shadow");
        assertTrue(Files.isReadable(shadow), "the test runs as root, like the agent, so the link's target is readable");
        for (String line : Files.readAllLines(shadow)) {
            if (!line.isBlank()) {
                assertFalse(json.contains(line), "a line of /etc/shadow reached the report");
                String hash = line.split(":", -1)[1];
                assertFalse(hash.length() > 2 && json.contains(hash), "a password hash reached the report");
            }
        }
    }

    /** Faking compliance: a FIFO for KDE's file must not leave the account judged on GNOME's (harmless) settings. */
    @Test
    void aTrappedKdeFileIsNotHiddenBehindReadableGnomeSettings() throws Exception {
        linuxMachine();
        plant(root.resolve("home/carol/" + KDE), "fifo");
        Fixtures.write(root, "/home/carol/" + DCONF, "frank-db");
        LocalUser carol = new LocalUser("carol", 1010, "/home/carol", "carol", Tri.YES);
        ScreenLockSetting s = assertTimeoutPreemptively(BOUND, () -> new LinuxScreenLockProbe(
                FileSource.rootedAt(root), (cmd, env, t) -> fakeCommands(cmd, env)).read(List.of(carol)))
                .perAccount().get(0);
        assertEquals(Tri.UNKNOWN, s.lockEnabled(), s.toString());
        assertEquals("~/" + KDE + " not read: not a regular file (FIFO)", s.reason());
    }

    private static final String BYHOST = "Library/Preferences/ByHost/com.apple.screensaver.5F7C3E2A-9D41-4B8E-"
            + "A0C6-1E2D3F4A5B6C.plist";

    @Test
    void macHomesWithTheSameTrapsAreUnknownAndTheirBundlesNamedAsProblems() throws Exception {
        List<LocalUser> users = new ArrayList<>();
        for (String trap : TRAPS.keySet()) {
            plant(root.resolve("Users/" + trap + "/" + BYHOST), trap);
            plant(root.resolve("Users/" + trap + "/Applications/Trap.app/Contents/Info.plist"), trap);
            users.add(new LocalUser(trap, 501, "/Users/" + trap, trap, Tri.YES));
        }
        // a linked ~/Library and ~/Applications: listing them would follow the links
        Path elsewhere = Files.createDirectories(root.resolve("private/var/root"));
        Fixtures.write(root, "/private/var/root/" + BYHOST, "not a plist");
        Files.createDirectories(root.resolve("Users/linked"));
        Files.createSymbolicLink(root.resolve("Users/linked/Library"), elsewhere.resolve("Library"));
        Files.createSymbolicLink(root.resolve("Users/linked/Applications"), elsewhere);
        users.add(new LocalUser("linked", 501, "/Users/linked", "linked", Tri.YES));
        CommandRunner sysadminctl = (cmd, env, t) -> new CommandResult(0,
                List.of("2026-03-02 sysadminctl[1:2] screenLock delay is immediate"), null);
        FileSource files = FileSource.rootedAt(root);

        ScreenLockSection lock = assertTimeoutPreemptively(BOUND,
                () -> new MacScreenLockProbe(files, sysadminctl).read(users));
        for (ScreenLockSetting s : lock.perAccount()) {
            assertEquals(Tri.UNKNOWN, s.lockEnabled(), s.toString());
            String expected = s.account().equals("linked")
                    ? "~/Library/Preferences/ByHost not listed: symlink refused (Library)"
                    : "~/" + BYHOST + " not read: " + TRAPS.get(s.account());
            assertTrue(s.reason().startsWith(expected), s.reason());
        }
        assertEquals(TRAPS.size() + 1, lock.perAccount().size());

        SoftwareProbe.Inventory software = assertTimeoutPreemptively(BOUND, () -> new MacSoftwareProbe(files).read());
        for (String reason : TRAPS.values()) {
            assertTrue(software.problems().stream().anyMatch(p -> p.startsWith(
                    "an application bundle in a home folder was not read: " + reason)), software.problems().toString());
        }
        assertTrue(software.problems().contains(
                "an applications folder in a home folder was not listed: symlink refused (Applications)"),
                software.problems().toString());
        assertTrue(software.items().isEmpty(), software.items().toString());
    }

    private static void mkfifo(Path p) {
        try {
            Process mk = new ProcessBuilder("/usr/bin/mkfifo", p.toString()).inheritIO().start();
            assertEquals(0, mk.waitFor(), "mkfifo " + p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
