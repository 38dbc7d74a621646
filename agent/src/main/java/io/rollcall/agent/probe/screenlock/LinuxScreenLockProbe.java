package io.rollcall.agent.probe.screenlock;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.UntrustedRead;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Screen lock on Linux for GNOME and KDE Plasma; when both are installed the worse of the two counts for a user.
 *
 * <p>GNOME: system databases named in /etc/dconf/profile/user are read from their keyfile sources
 * (/etc/dconf/db/NAME.d/*, locks in NAME.d/locks/*), which is what {@code dconf update} compiles. The user's own
 * values live in the binary ~/.config/dconf/user; it is read under {@link FileSource#readUntrusted}'s rules and
 * {@code dconf dump} runs on that copy (see {@code dconfDump}). No user database means the user never changed a
 * setting. KDE: /etc/xdg/kscreenlockerrc and ~/.config/kscreenlockerrc (the latter untrusted too). A user file
 * that is refused (a link, a FIFO, too large, too slow) makes that account unknown with the reason.
 *
 * <p>One answer per account: each installed desktop's lock is resolved on its own (dconf's or KDE's precedence gives
 * the source: POLICY for a locked/immutable system value, USER for the user's own, DEFAULT otherwise) and the worse
 * of them is the account's answer ({@link ScreenLocks#WORST_FIRST}: a lock that is off, then the later lock, then no
 * password, then the longer grace), since the user may sign in to either. Suspend on idle (GNOME's
 * sleep-inactive-*, PowerDevil) is not read: its defaults differ per distribution.
 */
public final class LinuxScreenLockProbe implements ScreenLockProbe {
    static final String NO_DESKTOP = "no desktop environment (GNOME or KDE Plasma) is installed";
    private static final List<String> GNOME_BINARIES = List.of("/usr/bin/gnome-shell");
    private static final List<String> KDE_BINARIES = List.of("/usr/bin/plasmashell", "/usr/bin/startplasma-x11",
            "/usr/bin/startplasma-wayland", "/usr/bin/ksmserver");

    static final String KDE_USER_FILE = ".config/kscreenlockerrc";
    static final String DCONF_USER_DB = ".config/dconf/user";
    /** kscreenlockerrc holds a handful of keys. */
    static final int KDE_MAX_BYTES = 64 << 10;
    /** A user database holds every GNOME application's settings; a few hundred KiB is already a lot. */
    static final int DCONF_MAX_BYTES = 2 << 20;
    private static final List<String> DCONF = List.of("/usr/bin/dconf", "/bin/dconf");
    private static final Duration DCONF_TIMEOUT = Duration.ofSeconds(5);

    private final FileSource files;
    private final CommandRunner commands;

    public LinuxScreenLockProbe(FileSource files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    @Override
    public ScreenLockSection read(List<LocalUser> accounts) {
        boolean gnome = GNOME_BINARIES.stream().anyMatch(files::exists);
        boolean kdeInstalled = KDE_BINARIES.stream().anyMatch(files::exists);
        List<Keyfile> gnomeDbs = new ArrayList<>();
        Set<String> gnomeLocks = new HashSet<>();
        if (gnome) {
            readGnomeSystem(gnomeDbs, gnomeLocks);
        }
        Keyfile kdeSystem = kdeInstalled ? keyfile("/etc/xdg/kscreenlockerrc") : null;
        List<ScreenLockSetting> perAccount = new ArrayList<>();
        for (LocalUser u : accounts) {
            try {
                List<ScreenLockSetting> candidates = new ArrayList<>();
                if (gnome) {
                    candidates.add(gnomeFor(u, gnomeDbs, gnomeLocks));
                }
                UntrustedRead kde = userFile(u, KDE_USER_FILE, KDE_MAX_BYTES);
                if (kde.isRefused()) {
                    candidates.add(ScreenLocks.unknown(u.reference(), notRead(KDE_USER_FILE, kde)));
                } else if (kdeInstalled || kde.isPresent()) {
                    Keyfile kdeUser = kde.isPresent() ? Keyfile.parse(kde.lines()) : null;
                    candidates.add(KdeScreenLock.resolve(u.reference(), kdeSystem, kdeUser, u.passwordSet()));
                }
                perAccount.add(forAccount(u, candidates));
            } catch (RuntimeException e) {
                perAccount.add(ScreenLocks.unknown(u.reference(), "could not read the settings: " + e.getMessage()));
            }
        }
        String none = gnome || kdeInstalled ? "no interactive accounts" : NO_DESKTOP;
        return new ScreenLockSection(perAccount, ScreenLocks.worst(perAccount, none));
    }

    /**
     * The worse desktop counts; a desktop whose settings could not be read makes the account unknown, since the
     * unread one may be the worse (a student must not hide KDE's "Autolock=false" behind a FIFO and be judged on
     * GNOME's defaults).
     */
    private static ScreenLockSetting forAccount(LocalUser u, List<ScreenLockSetting> candidates) {
        List<String> unread = candidates.stream().filter(c -> c.lockEnabled() == Tri.UNKNOWN)
                .map(ScreenLockSetting::reason).toList();
        if (!unread.isEmpty()) {
            return ScreenLocks.unknown(u.reference(), String.join("; ", unread));
        }
        ScreenLockSetting worst = ScreenLocks.worst(candidates, NO_DESKTOP);
        return new ScreenLockSetting(u.reference(), worst.lockEnabled(), worst.idleSeconds(),
                worst.passwordRequired(), worst.graceSeconds(), worst.source(), worst.reason());
    }

    private UntrustedRead userFile(LocalUser u, String relative, int maxBytes) {
        if (u.home() == null || !u.home().startsWith("/")) {
            return UntrustedRead.missing();
        }
        return files.readUntrusted(u.home(), relative, maxBytes);
    }

    /** The reason names the file relative to the home: the home's path would name the user. */
    private static String notRead(String relative, UntrustedRead r) {
        return "~/" + relative + " not read: " + r.reason();
    }

    private ScreenLockSetting gnomeFor(LocalUser u, List<Keyfile> dbs, Set<String> locks) {
        UntrustedRead db = userFile(u, DCONF_USER_DB, DCONF_MAX_BYTES);
        if (db.isMissing()) {
            return GnomeScreenLock.resolve(u.reference(), dbs, locks, Keyfile.parse(List.of()), null, u.passwordSet());
        }
        if (db.isRefused()) {
            return GnomeScreenLock.resolve(u.reference(), dbs, locks, null, notRead(DCONF_USER_DB, db),
                    u.passwordSet());
        }
        String dconf = DCONF.stream().filter(files::exists).findFirst().orElse(null);
        if (dconf == null) {
            return GnomeScreenLock.resolve(u.reference(), dbs, locks, null,
                    "the user's GNOME settings are in ~/.config/dconf/user and the dconf tool is not installed "
                            + "(install dconf-cli)", u.passwordSet());
        }
        CommandResult r = dconfDump(dconf, db.bytes());
        if (!r.ok()) {
            return GnomeScreenLock.resolve(u.reference(), dbs, locks, null, "could not read the user's GNOME "
                    + "settings: " + (r.failure() != null ? r.failure() : "dconf exit code " + r.exitCode()),
                    u.passwordSet());
        }
        return GnomeScreenLock.resolve(u.reference(), dbs, locks, dconfDump(r.stdout(), "org/gnome/desktop/"), null,
                u.passwordSet());
    }

    /**
     * Runs {@code dconf dump} on a copy of the user database in a private temporary directory (0700, root's), so
     * dconf, running as root, never opens a path in the user's home: the copy was read by the untrusted-file rules.
     * The profile names only the user database, so system values are not mistaken for the user's.
     */
    private CommandResult dconfDump(String dconf, byte[] userDb) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("rollcall-dconf");
            Files.createDirectory(dir.resolve("dconf"));
            Files.write(dir.resolve("dconf/user"), userDb);
            Path profile = Files.writeString(dir.resolve("profile"), "user-db:user\n");
            return commands.run(List.of(dconf, "dump", "/org/gnome/desktop/"), Map.of("HOME", dir.toString(),
                    "XDG_CONFIG_HOME", dir.toString(), "DCONF_PROFILE", profile.toString()), DCONF_TIMEOUT);
        } catch (IOException e) {
            return CommandResult.failed("cannot copy the dconf database to a temporary directory: " + e.getMessage());
        } finally {
            deleteQuietly(dir);
        }
    }

    /** {@code dconf dump DIR} prints groups relative to DIR; prefix them so keys look like the keyfile sources'. */
    static Keyfile dconfDump(List<String> lines, String dir) {
        List<String> prefixed = new ArrayList<>(lines.size());
        for (String line : lines) {
            String t = line.trim();
            prefixed.add(t.startsWith("[") && t.endsWith("]") ? "[" + dir + t.substring(1, t.length() - 1) + "]" : line);
        }
        return Keyfile.parse(prefixed);
    }

    private void readGnomeSystem(List<Keyfile> dbs, Set<String> locks) {
        List<String> profile = lines("/etc/dconf/profile/user");
        for (String line : profile == null ? List.<String>of() : profile) {
            String t = line.trim();
            if (!t.startsWith("system-db:")) {
                continue;
            }
            String dir = "/etc/dconf/db/" + t.substring("system-db:".length()).trim() + ".d";
            List<String> merged = new ArrayList<>();
            // dconf compiles the files in name order, later files overriding earlier ones; parse them as one file.
            for (String f : files.list(dir)) {
                List<String> content = lines(dir + "/" + f);
                if (content != null && !f.equals("locks")) {
                    merged.addAll(content);
                }
            }
            dbs.add(Keyfile.parse(merged));
            for (String f : files.list(dir + "/locks")) {
                List<String> content = lines(dir + "/locks/" + f);
                for (String lock : content == null ? List.<String>of() : content) {
                    String l = lock.trim();
                    if (l.startsWith("/")) {
                        locks.add(l.substring(1));
                    }
                }
            }
        }
    }

    private Keyfile keyfile(String path) {
        List<String> content = lines(path);
        return content == null ? null : Keyfile.parse(content);
    }

    private List<String> lines(String path) {
        try {
            return files.exists(path) ? files.readLines(path) : null;
        } catch (IOException e) {
            return null; // a directory or an unreadable file holds no settings we can use
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        for (String p : List.of("dconf/user", "dconf", "profile", "")) {
            try {
                Files.deleteIfExists(dir.resolve(p));
            } catch (IOException e) {
                // a stray file in a 0700 temporary directory of root's is harmless
            }
        }
    }
}
