package io.rollcall.agent.probe.screenlock;

import com.dd.plist.NSDictionary;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.mac.Plist;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Screen lock on macOS, per interactive account:
 * <ul>
 *   <li>idle time: {@code idleTime} (seconds, 0 = never) of {@code com.apple.screensaver} — from a configuration
 *       profile first ({@code /Library/Managed Preferences/<user>/com.apple.screensaver.plist}, then the
 *       device-wide {@code /Library/Managed Preferences/com.apple.screensaver.plist}), else the user's ByHost file
 *       {@code ~/Library/Preferences/ByHost/com.apple.screensaver.<hardware UUID>.plist} (the newest, if a migration
 *       left several), else macOS's default of 20 minutes;</li>
 *   <li>password after the screen saver or sleep: {@code askForPassword} / {@code askForPasswordDelay} from a
 *       profile, else {@code sysadminctl -screenLock status} run as the user (since macOS 10.13 the user's own
 *       {@code askForPassword} default is ignored; the tool prints "screenLock delay is N seconds", "screenLock
 *       delay is immediate" or "screenLock is off" on stderr, behind an NSLog prefix).</li>
 * </ul>
 * Plists are read directly with dd-plist (no {@code defaults} process per user). Never throws.
 */
public final class MacScreenLockProbe implements ScreenLockProbe {
    static final String MANAGED = "/Library/Managed Preferences";
    static final String DOMAIN = "com.apple.screensaver";
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
        List<ScreenLockSetting> perAccount = new ArrayList<>();
        for (LocalUser u : accounts) {
            try {
                NSDictionary managedUser = Plist.read(files, MANAGED + "/" + u.name() + "/" + DOMAIN + ".plist")
                        .orElse(null);
                NSDictionary byHost = byHost(u.home());
                perAccount.add(resolve(u.reference(), managedUser, device, byHost, screenLockStatus(u.name())));
            } catch (RuntimeException e) {
                perAccount.add(ScreenLocks.unknown(u.reference(), "could not read the settings: " + e.getMessage()));
            }
        }
        return new ScreenLockSection(perAccount, ScreenLocks.worst(perAccount, "no interactive accounts"));
    }

    /** The user's ByHost screensaver preferences, the newest file if several; {@code null} when there are none. */
    private NSDictionary byHost(String home) {
        if (home == null) {
            return null;
        }
        String dir = home + "/Library/Preferences/ByHost";
        String newest = null;
        Instant newestAt = Instant.MIN;
        for (String f : files.list(dir)) {
            if (f.startsWith(DOMAIN + ".") && f.endsWith(".plist")) {
                Instant at = files.lastModified(dir + "/" + f).orElse(Instant.EPOCH);
                if (newest == null || at.isAfter(newestAt)) {
                    newest = f;
                    newestAt = at;
                }
            }
        }
        return newest == null ? null : Plist.read(files, dir + "/" + newest).orElse(null);
    }

    /** What {@code sysadminctl -screenLock status} prints for the user, stderr included. */
    private CommandResult screenLockStatus(String user) {
        // the script is constant and the user name travels as an argument, so no name can inject shell syntax
        return commands.run(List.of("/bin/sh", "-c", "exec \"$@\" 2>&1", "sh", "/usr/bin/sudo", "-n", "-u", user,
                "/usr/sbin/sysadminctl", "-screenLock", "status"), TIMEOUT);
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
     * The effective lock for one account. A profile value beats the user's; the user-scoped profile beats the
     * device-wide one.
     */
    static ScreenLockSetting resolve(String account, NSDictionary managedUser, NSDictionary managedDevice,
                                     NSDictionary byHost, CommandResult status) {
        LockValue<Long> idle = first("idleTime", managedUser, managedDevice, byHost);
        long idleSeconds = idle == null ? DEFAULT_IDLE_SECONDS : Math.max(0, idle.value());
        SettingSource idleSource = idle == null ? SettingSource.DEFAULT : idle.source();

        LockValue<Long> ask = first("askForPassword", managedUser, managedDevice, null);
        LockValue<Long> delay = first("askForPasswordDelay", managedUser, managedDevice, null);
        Tri password;
        Integer grace;
        SettingSource passwordSource;
        String reason = null;
        if (ask != null) {
            password = Tri.of(ask.value() != 0);
            grace = password == Tri.YES ? (delay == null ? 0
                    : (int) Math.max(0, Math.min(delay.value(), Limits.MAX_SECONDS))) : null;
            passwordSource = SettingSource.POLICY;
        } else {
            Password p = status != null && status.failure() == null ? parseStatus(status.stdout()) : null;
            if (p == null) {
                password = Tri.UNKNOWN;
                grace = null;
                passwordSource = SettingSource.UNKNOWN;
                String said = status == null ? null : status.failure() != null ? status.failure()
                        : status.stdout().stream().filter(l -> !l.isBlank()).findFirst().orElse(null);
                reason = "whether a password is asked is unknown: sysadminctl -screenLock status gave no answer"
                        + (said == null ? "" : " (" + said.strip() + ")");
            } else {
                password = p.required();
                grace = p.graceSeconds();
                passwordSource = SettingSource.USER;
            }
        }
        SettingSource source = passwordSource == SettingSource.UNKNOWN ? idleSource
                : LockValue.combined(List.of(new LockValue<>(idleSeconds, idleSource),
                        new LockValue<>(password, passwordSource)));
        boolean locks = idleSeconds > 0;
        // idleTime is the user's to write; past the wire limit (a year) the collector would refuse the whole report
        return new ScreenLockSetting(account, Tri.of(locks), (int) Math.min(idleSeconds, Limits.MAX_SECONDS),
                password, grace, source, reason);
    }

    private static LockValue<Long> first(String key, NSDictionary managedUser, NSDictionary managedDevice,
                                         NSDictionary user) {
        for (NSDictionary d : new NSDictionary[]{managedUser, managedDevice}) {
            Long v = intOrBool(d, key);
            if (v != null) {
                return new LockValue<>(v, SettingSource.POLICY);
            }
        }
        Long v = intOrBool(user, key);
        return v == null ? null : new LockValue<>(v, SettingSource.USER);
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
