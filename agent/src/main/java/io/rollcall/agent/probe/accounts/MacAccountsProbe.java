package io.rollcall.agent.probe.accounts;

import com.dd.plist.NSDictionary;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.mac.AdminMembership;
import io.rollcall.agent.os.mac.Plist;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accounts on macOS from Directory Services: {@code dscl . -list /Users} with UniqueID, IsHidden,
 * NFSHomeDirectory and UserShell. People have UID ≥ 500; a hidden account is reported and flagged
 * ({@link Account#hidden()}), never dropped — IsHidden 1/YES at any UID, or a UID from 1 to 499 with a login shell and
 * a home folder (how a hidden admin is usually made by hand). root, {@code _}-prefixed service accounts, Guest and
 * system-range accounts without a login shell or home are left out; from UID 500 every account is a person's, whatever
 * its shell (a desktop login does not rely on the shell being usable). Administrators: {@link AdminMembership} (dsmemberutil, which counts
 * groups nested in admin, else the local admin group walked through its NestedGroups). Guest: a configuration
 * profile's {@code com.apple.MCX} {@code DisableGuestAccount} / {@code EnableGuestAccount}
 * ({@code /Library/Managed Preferences/com.apple.MCX.plist}) overrides the login window's own {@code GuestEnabled}
 * ({@code defaults read /Library/Preferences/com.apple.loginwindow GuestEnabled}: 1 when Guest can log in). Mobile
 * accounts of a directory (AD/LDAP) carry the same attributes locally; they are reported as local until their
 * OriginalNodeName is read.
 */
public final class MacAccountsProbe implements AccountsProbe {
    static final String DSCL = "/usr/bin/dscl";
    static final String DEFAULTS = "/usr/bin/defaults";
    static final String MCX = "/Library/Managed Preferences/com.apple.MCX.plist";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Shells that refuse a login; an account with one of these (or none) is a service account. */
    private static final Set<String> NO_LOGIN = Set.of("", "/usr/bin/false", "/bin/false", "/sbin/nologin",
            "/usr/sbin/nologin", "/usr/bin/true");
    /** Homes that are not a home: a service account's placeholder. */
    private static final Set<String> NO_HOME = Set.of("", "/", "/var/empty", "/dev/null");

    private final CommandRunner commands;
    private final FileSource files;
    private final ScanOptions options;

    public MacAccountsProbe(CommandRunner commands, FileSource files, ScanOptions options) {
        this.commands = commands;
        this.files = files;
        this.options = options;
    }

    @Override
    public Result read() {
        List<String> problems = new ArrayList<>();
        CommandResult uids = commands.run(List.of(DSCL, ".", "-list", "/Users", "UniqueID"), TIMEOUT);
        if (!uids.ok()) {
            throw new IllegalStateException("dscl cannot list users: " + (uids.failure() != null ? uids.failure()
                    : "exit code " + uids.exitCode()));
        }
        Map<String, String> hidden = attribute("IsHidden");
        Map<String, String> homes = attribute("NFSHomeDirectory");
        Map<String, String> shells = attribute("UserShell");
        AdminMembership admins = new AdminMembership(commands);
        List<Account> accounts = new ArrayList<>();
        List<LocalUser> interactive = new ArrayList<>();
        for (Map.Entry<String, String> e : listing(uids.stdout()).entrySet()) {
            String name = e.getKey();
            int uid;
            try {
                uid = Integer.parseInt(e.getValue());
            } catch (NumberFormatException ex) {
                continue;
            }
            String home = homes.getOrDefault(name, "/Users/" + name);
            String shell = shells.get(name);
            boolean loginShell = shell == null || !NO_LOGIN.contains(shell); // unread shells: assume a person
            boolean flaggedHidden = isHiddenFlag(hidden.get(name));
            boolean systemRange = uid < 500;
            if (uid <= 0 || name.startsWith("_") || name.equals("Guest")) {
                continue;
            }
            if (systemRange && (shell == null || !loginShell || NO_HOME.contains(home))) {
                continue; // a system-range UID counts only with a login shell and a real home
            }
            boolean isHidden = flaggedHidden || systemRange;
            boolean school = options.schoolAccountPattern() != null
                    && options.schoolAccountPattern().matcher(name).matches();
            Boolean admin = admins.isAdmin(name);
            if (admin == null) {
                problems.add("admin rights of an account are unknown");
            }
            Account a = new Account(school ? name : null, school ? null
                    : Hashes.accountNameHash(options.deviceSalt(), name), AccountKind.LOCAL, Boolean.TRUE.equals(admin),
                    false, Tri.UNKNOWN, null, null, true, school, isHidden);
            accounts.add(a);
            interactive.add(new LocalUser(name, uid, home, a.reference(), Tri.UNKNOWN));
        }
        problems.addAll(admins.problems());
        return new Result(new AccountsSection(accounts, guestEnabled(problems)), interactive,
                problems.stream().distinct().toList());
    }

    /** MDM's com.apple.MCX first (Disable wins over Enable), else the login window's own flag. */
    private Tri guestEnabled(List<String> problems) {
        NSDictionary mcx = null;
        try {
            mcx = Plist.read(files, MCX).orElse(null);
        } catch (RuntimeException e) {
            problems.add("the managed com.apple.MCX preferences were not read: " + e.getMessage());
        }
        Tri managed = managedGuest(mcx);
        if (managed != Tri.UNKNOWN) {
            return managed;
        }
        CommandResult guest = commands.run(List.of(DEFAULTS, "read", "/Library/Preferences/com.apple.loginwindow",
                "GuestEnabled"), TIMEOUT);
        // defaults exits 1 when the key was never written: Guest has never been switched on
        return guest.failure() != null ? Tri.UNKNOWN : !guest.ok() ? Tri.NO
                : Tri.of(guest.stdout().stream().anyMatch(l -> l.trim().equals("1")));
    }

    /** {@code DisableGuestAccount} true → NO; else {@code EnableGuestAccount} decides; else UNKNOWN (not managed). */
    static Tri managedGuest(NSDictionary mcx) {
        if (Boolean.TRUE.equals(Plist.bool(mcx, "DisableGuestAccount"))) {
            return Tri.NO;
        }
        Boolean enable = Plist.bool(mcx, "EnableGuestAccount");
        if (enable != null) {
            return Tri.of(enable);
        }
        return Boolean.FALSE.equals(Plist.bool(mcx, "DisableGuestAccount")) ? Tri.YES : Tri.UNKNOWN;
    }

    private static boolean isHiddenFlag(String value) {
        return value != null && ("1".equals(value) || "YES".equalsIgnoreCase(value) || "true".equalsIgnoreCase(value));
    }

    private Map<String, String> attribute(String name) {
        CommandResult r = commands.run(List.of(DSCL, ".", "-list", "/Users", name), TIMEOUT);
        return r.ok() ? listing(r.stdout()) : Map.of();
    }

    /** {@code dscl . -list /Users ATTR}: "name   value" per line, value after the run of spaces. */
    static Map<String, String> listing(List<String> lines) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 2);
            if (f.length == 2) {
                out.put(f[0], f[1].trim());
            }
        }
        return out;
    }
}
