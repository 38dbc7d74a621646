package io.rollcall.agent.probe.screenlock;

import com.dd.plist.NSDictionary;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.UntrustedListing;
import io.rollcall.agent.os.mac.Plist;
import io.rollcall.agent.os.mac.Pmset;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Screen lock on macOS, per interactive account. The screen locks at the EARLIEST of:
 * <ul>
 *   <li>the screen saver's {@code idleTime} (seconds, 0 = never) of {@code com.apple.screensaver} — from a
 *       configuration profile first ({@code /Library/Managed Preferences/<user>/com.apple.screensaver.plist}, then the
 *       device-wide {@code /Library/Managed Preferences/com.apple.screensaver.plist}; source {@code mdm}), else the
 *       user's ByHost file {@code ~/Library/Preferences/ByHost/com.apple.screensaver.<hardware UUID>.plist} (the
 *       newest, if a migration left several; source {@code screensaver}), else macOS's default of 20 minutes
 *       ({@code default});</li>
 *   <li>display sleep from {@code pmset -g custom} (source {@code power}): per power source {@code displaysleep},
 *       else {@code sleep} when the display never sleeps on its own ({@link Pmset#idleSleepSeconds}), and of battery
 *       and charger the LATER one, since a laptop on its charger keeps the charger's timers; a source where both are
 *       0 never sleeps.</li>
 * </ul>
 * The same "require password after sleep or screen saver" setting applies to both, so the display sleeping locks
 * the Mac exactly as the screen saver does. Whether a password is asked: {@code askForPassword} /
 * {@code askForPasswordDelay} from a profile ({@code mdm}), else {@code sysadminctl -screenLock status} run inside
 * the user's session as {@code launchctl asuser <uid> sudo -u <user>} — from a root daemon plain {@code sudo -u}
 * prints nothing outside the GUI session (osquery and Fleet document this for their {@code screenlock} table), and
 * an empty answer is reported as unknown with that reason, never as "off". The tool prints "screenLock delay is N
 * seconds", "screenLock delay is immediate" or "screenLock is off" on stderr behind an NSLog prefix. The
 * setting's {@code source} is the source of the winning timer. Plists are read directly with dd-plist. Never
 * throws.
 */
public final class MacScreenLockProbe implements ScreenLockProbe {
    static final String MANAGED = "/Library/Managed Preferences";
    static final String DOMAIN = "com.apple.screensaver";
    static final String BY_HOST = "Library/Preferences/ByHost";
    static final String PMSET = "/usr/bin/pmset";
    /** "Start Screen Saver when inactive" out of the box. */
    static final int DEFAULT_IDLE_SECONDS = 1200;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern DELAY = Pattern.compile("screenLock delay is (\\d+) seconds?");
    private static final Pattern IMMEDIATE = Pattern.compile("screenLock delay is immediate");
    private static final Pattern OFF = Pattern.compile("screenLock is off");

    private final FileSource files;
    private final CommandRunner commands;

    public MacScreenLockProbe(FileSource files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    @Override
    public ScreenLockSection read(List<LocalUser> accounts) {
        NSDictionary device = Plist.read(files, MANAGED + "/" + DOMAIN + ".plist").orElse(null);
        PowerTimer power = accounts.isEmpty() ? null : PowerTimer.of(commands.run(List.of(PMSET, "-g", "custom"),
                TIMEOUT));
        List<ScreenLockSetting> perAccount = new ArrayList<>();
        for (LocalUser u : accounts) {
            try {
                NSDictionary managedUser = Plist.read(files, MANAGED + "/" + u.name() + "/" + DOMAIN + ".plist")
                        .orElse(null);
                Plist.UserPlist byHost = byHost(u.home());
                if (byHost.refused() != null && Plist.integer(managedUser, "idleTime") == null
                        && Plist.integer(device, "idleTime") == null) {
                    // the user's own idle time decides and could not be read safely
                    perAccount.add(ScreenLocks.unknown(u.reference(), byHost.refused()));
                    continue;
                }
                perAccount.add(resolve(u.reference(), managedUser, device, byHost.dict().orElse(null),
                        screenLockStatus(u), power));
            } catch (RuntimeException e) {
                perAccount.add(ScreenLocks.unknown(u.reference(), "could not read the settings: " + e.getMessage()));
            }
        }
        return new ScreenLockSection(perAccount, ScreenLocks.worst(perAccount, "no interactive accounts"));
    }

    /**
     * The user's ByHost screensaver preferences, the newest file if several (none when there are none), read as a
     * file the user can write.
     */
    private Plist.UserPlist byHost(String home) {
        if (home == null || !home.startsWith("/")) {
            return new Plist.UserPlist(java.util.Optional.empty(), null);
        }
        UntrustedListing listing = files.listUntrusted(home, BY_HOST);
        if (listing.refused() != null) {
            return new Plist.UserPlist(java.util.Optional.empty(), "~/" + BY_HOST + " not listed: "
                    + listing.refused());
        }
        String newest = null;
        Instant newestAt = Instant.MIN;
        for (UntrustedListing.Entry e : listing.entries()) {
            String f = e.name();
            boolean newer = newest == null || e.modified().isAfter(newestAt);
            if (f.startsWith(DOMAIN + ".") && f.endsWith(".plist") && newer) {
                newest = f;
                newestAt = e.modified();
            }
        }
        if (newest == null) {
            return new Plist.UserPlist(java.util.Optional.empty(), null);
        }
        Plist.UserPlist p = Plist.readUntrusted(files, home, BY_HOST + "/" + newest);
        return p.refused() == null ? p : new Plist.UserPlist(p.dict(), "~/" + BY_HOST + "/" + newest
                + " not read: " + p.refused());
    }

    /**
     * What {@code sysadminctl -screenLock status} prints for the user, stderr included, run inside the user's
     * launchd session (Kolide's way): {@code sudo -u} alone from a daemon gets no answer outside the GUI session.
     */
    private CommandResult screenLockStatus(LocalUser user) {
        // the script is constant and the user name travels as an argument, so no name can inject shell syntax;
        // -n: never wait for a password prompt when not run as root
        return commands.run(List.of("/bin/sh", "-c", "exec \"$@\" 2>&1", "sh", "/bin/launchctl", "asuser",
                Integer.toString(user.uid()), "/usr/bin/sudo", "-n", "-u", user.name(), "/usr/sbin/sysadminctl",
                "-screenLock", "status"), TIMEOUT);
    }

    /** Password after lock, from sysadminctl's words: YES with the grace seconds, NO, or {@code null} if unknown. */
    record Password(Tri required, Integer graceSeconds) {
    }

    static Password parseStatus(List<String> lines) {
        for (String line : lines) {
            Matcher m = DELAY.matcher(line);
            if (m.find()) {
                // any number of digits: more than the wire limit (a year) is that limit, never an exception
                return new Password(Tri.YES, new java.math.BigInteger(m.group(1))
                        .min(java.math.BigInteger.valueOf(Limits.MAX_SECONDS)).intValue());
            }
            if (IMMEDIATE.matcher(line).find()) {
                return new Password(Tri.YES, 0);
            }
            if (OFF.matcher(line).find()) {
                return new Password(Tri.NO, null);
            }
        }
        return null;
    }

    /**
     * The effective lock for one account: the earliest of the screen saver and the power timers, with the password
     * setting. A profile value beats the user's; the user-scoped profile beats the device-wide one.
     */
    static ScreenLockSetting resolve(String account, NSDictionary managedUser, NSDictionary managedDevice,
                                     NSDictionary byHost, CommandResult status, PowerTimer power) {
        LockValue<Long> saver = first("idleTime", managedUser, managedDevice, byHost);
        if (saver == null) {
            saver = new LockValue<>((long) DEFAULT_IDLE_SECONDS, SettingSource.DEFAULT);
        }
        List<String> reasons = new ArrayList<>();
        Long idle;
        SettingSource idleSource;
        boolean saverRuns = saver.value() > 0;
        if (power == null || !power.known()) {
            reasons.add("display and system sleep not read (" + (power == null ? "pmset not run" : power.problem())
                    + ")" + (saverRuns ? ", so the screen may lock earlier than this" : ""));
            idle = saverRuns ? saver.value() : null;
            idleSource = saverRuns ? saver.source() : SettingSource.UNKNOWN;
        } else if (power.never() || (saverRuns && saver.value() <= power.seconds())) {
            // on a tie the screen saver setting names the winner: it is the one a technician changes
            idle = saverRuns ? saver.value() : 0L;
            idleSource = saver.source();
        } else {
            idle = power.seconds();
            idleSource = SettingSource.POWER;
        }

        LockValue<Long> ask = first("askForPassword", managedUser, managedDevice, null);
        LockValue<Long> delay = first("askForPasswordDelay", managedUser, managedDevice, null);
        Tri password;
        Integer grace;
        if (ask != null) {
            password = Tri.of(ask.value() != 0);
            grace = password == Tri.YES ? (delay == null ? 0
                    : (int) Math.max(0, Math.min(delay.value(), Limits.MAX_SECONDS))) : null;
        } else {
            Password p = status != null && status.failure() == null ? parseStatus(status.stdout()) : null;
            if (p == null) {
                password = Tri.UNKNOWN;
                grace = null;
                reasons.add(statusUnknownReason(status));
            } else {
                password = p.required();
                grace = p.graceSeconds();
            }
        }
        Tri locks = idle == null ? Tri.UNKNOWN : Tri.of(idle > 0);
        // idleTime is the user's to write; past the wire limit (a year) the collector would refuse the whole report
        return new ScreenLockSetting(account, locks, idle == null ? null : (int) Math.min(idle, Limits.MAX_SECONDS),
                password, grace, idleSource, reasons.isEmpty() ? null : String.join("; ", reasons));
    }

    private static String statusUnknownReason(CommandResult status) {
        String said = status == null ? null : status.failure() != null ? status.failure()
                : status.stdout().stream().filter(l -> !l.isBlank()).findFirst().map(String::strip).orElse(null);
        if (said == null) {
            return "whether a password is asked is unknown: sysadminctl -screenLock status printed nothing (it "
                    + "answers only inside the user's login session; is the user logged in?)";
        }
        return "whether a password is asked is unknown: sysadminctl -screenLock status gave no answer (" + said + ")";
    }

    /**
     * The power timer that decides: per power source when the display goes dark, across sources the later one. {@code seconds} is {@code null} when some source never sleeps; {@code problem} is set when pmset
     * could not be read.
     */
    record PowerTimer(boolean known, Long seconds, String problem) {
        boolean never() {
            return known && seconds == null;
        }

        static PowerTimer of(CommandResult r) {
            if (r == null || !r.ok()) {
                return new PowerTimer(false, null, r == null ? "no answer" : r.failure() != null ? r.failure()
                        : "pmset exit code " + r.exitCode());
            }
            Pmset p = Pmset.parse(r.stdout());
            if (p.sources().isEmpty()) {
                return new PowerTimer(false, null, "pmset -g custom printed no power profile");
            }
            long worst = 0;
            for (String source : p.sources()) {
                OptionalLong s = p.idleSleepSeconds(source);
                if (s.isEmpty()) {
                    return new PowerTimer(true, null, null);
                }
                worst = Math.max(worst, s.getAsLong());
            }
            return new PowerTimer(true, worst, null);
        }
    }

    private static LockValue<Long> first(String key, NSDictionary managedUser, NSDictionary managedDevice,
                                         NSDictionary user) {
        for (NSDictionary d : new NSDictionary[]{managedUser, managedDevice}) {
            Long v = intOrBool(d, key);
            if (v != null) {
                return new LockValue<>(v, SettingSource.MDM);
            }
        }
        Long v = intOrBool(user, key);
        return v == null ? null : new LockValue<>(v, SettingSource.SCREENSAVER);
    }

    /** Profiles write askForPassword as an integer or a boolean; both mean the same. */
    private static Long intOrBool(NSDictionary d, String key) {
        Long v = Plist.integer(d, key);
        if (v != null) {
            return v;
        }
        Boolean b = Plist.bool(d, key);
        return b == null ? null : (b ? 1L : 0L);
    }
}
