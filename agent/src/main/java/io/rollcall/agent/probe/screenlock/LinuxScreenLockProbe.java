package io.rollcall.agent.probe.screenlock;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
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
 * values live in the binary ~/.config/dconf/user; they are read by running {@code dconf dump} with the user's
 * XDG_CONFIG_HOME and a profile that names only the user database, so system values are not mistaken for the user's.
 * No user database means the user never changed a setting. KDE: /etc/xdg/kscreenlockerrc and ~/.config/kscreenlockerrc.
 */
public final class LinuxScreenLockProbe implements ScreenLockProbe {
    static final String NO_DESKTOP = "no desktop environment (GNOME or KDE Plasma) is installed";
    private static final List<String> GNOME_BINARIES = List.of("/usr/bin/gnome-shell");
    private static final List<String> KDE_BINARIES = List.of("/usr/bin/plasmashell", "/usr/bin/startplasma-x11",
            "/usr/bin/startplasma-wayland", "/usr/bin/ksmserver");

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
                Keyfile kdeUser = keyfile(u.home() + "/.config/kscreenlockerrc");
                if (kdeInstalled || kdeUser != null) {
                    candidates.add(KdeScreenLock.resolve(u.reference(), kdeSystem, kdeUser, u.passwordSet()));
                }
                ScreenLockSetting worst = ScreenLocks.worst(candidates, NO_DESKTOP);
                perAccount.add(new ScreenLockSetting(u.reference(), worst.lockEnabled(), worst.idleSeconds(),
                        worst.passwordRequired(), worst.graceSeconds(), worst.source(), worst.reason()));
            } catch (RuntimeException e) {
                perAccount.add(ScreenLocks.unknown(u.reference(), "could not read the settings: " + e.getMessage()));
            }
        }
        String none = gnome || kdeInstalled ? "no interactive accounts" : NO_DESKTOP;
        return new ScreenLockSection(perAccount, ScreenLocks.worst(perAccount, none));
    }

    private ScreenLockSetting gnomeFor(LocalUser u, List<Keyfile> dbs, Set<String> locks) {
        String userDb = u.home() + "/.config/dconf/user";
        if (!files.exists(userDb)) {
            return GnomeScreenLock.resolve(u.reference(), dbs, locks, Keyfile.parse(List.of()), null, u.passwordSet());
        }
        String dconf = files.exists("/usr/bin/dconf") ? "/usr/bin/dconf" : null;
        if (dconf == null) {
            return GnomeScreenLock.resolve(u.reference(), dbs, locks, null,
                    "the user's GNOME settings are in ~/.config/dconf/user and the dconf tool is not installed "
                            + "(install dconf-cli)", u.passwordSet());
        }
        CommandResult r;
        Path profile = null;
        try {
            profile = Files.createTempFile("rollcall-dconf", ".profile");
            Files.writeString(profile, "user-db:user\n");
            r = commands.run(List.of(dconf, "dump", "/org/gnome/desktop/"),
                    Map.of("HOME", u.home(), "XDG_CONFIG_HOME", u.home() + "/.config", "DCONF_PROFILE",
                            profile.toString()), Duration.ofSeconds(5));
        } catch (IOException e) {
            r = CommandResult.failed("cannot write a temporary dconf profile: " + e.getMessage());
        } finally {
            deleteQuietly(profile);
        }
        if (!r.ok()) {
            return GnomeScreenLock.resolve(u.reference(), dbs, locks, null, "could not read the user's GNOME "
                    + "settings: " + (r.failure() != null ? r.failure() : "dconf exit code " + r.exitCode()),
                    u.passwordSet());
        }
        return GnomeScreenLock.resolve(u.reference(), dbs, locks, dconfDump(r.stdout(), "org/gnome/desktop/"), null,
                u.passwordSet());
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

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a stray empty temp file is harmless
        }
    }
}
