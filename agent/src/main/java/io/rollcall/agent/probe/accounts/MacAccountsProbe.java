package io.rollcall.agent.probe.accounts;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accounts on macOS from Directory Services: {@code dscl . -list /Users UniqueID} (people have UID ≥ 500),
 * {@code dscl . -list /Users IsHidden} (hidden accounts, e.g. a management account, are left out),
 * {@code dscl . -list /Users NFSHomeDirectory}, {@code dscl . -read /Groups/admin GroupMembership} (administrators)
 * and the login window's {@code GuestEnabled} ({@code defaults read /Library/Preferences/com.apple.loginwindow
 * GuestEnabled}: 1 when the Guest user can log in). Mobile accounts of a directory (AD/LDAP) carry the same
 * attributes locally; they are reported as local until their OriginalNodeName is read.
 */
public final class MacAccountsProbe implements AccountsProbe {
    static final String DSCL = "/usr/bin/dscl";
    static final String DEFAULTS = "/usr/bin/defaults";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CommandRunner commands;
    private final ScanOptions options;

    public MacAccountsProbe(CommandRunner commands, ScanOptions options) {
        this.commands = commands;
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
        Set<String> admins = new HashSet<>();
        CommandResult group = commands.run(List.of(DSCL, ".", "-read", "/Groups/admin", "GroupMembership"), TIMEOUT);
        if (group.ok()) {
            admins.addAll(groupMembers(group.stdout()));
        } else {
            problems.add("cannot read the admin group, admin rights unknown");
        }
        CommandResult guest = commands.run(List.of(DEFAULTS, "read", "/Library/Preferences/com.apple.loginwindow",
                "GuestEnabled"), TIMEOUT);
        // defaults exits 1 when the key was never written: Guest has never been switched on
        Tri guestEnabled = guest.failure() != null ? Tri.UNKNOWN : !guest.ok() ? Tri.NO
                : Tri.of(guest.stdout().stream().anyMatch(l -> l.trim().equals("1")));
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
            if (uid < 500 || name.startsWith("_") || name.equals("Guest") || "1".equals(hidden.get(name))
                    || "YES".equalsIgnoreCase(hidden.get(name))) {
                continue;
            }
            boolean school = options.schoolAccountPattern() != null
                    && options.schoolAccountPattern().matcher(name).matches();
            Account a = new Account(school ? name : null, school ? null
                    : Hashes.accountNameHash(options.deviceSalt(), name), AccountKind.LOCAL, admins.contains(name),
                    false, Tri.UNKNOWN, null, null, true, school);
            accounts.add(a);
            interactive.add(new LocalUser(name, uid, homes.getOrDefault(name, "/Users/" + name), a.reference(),
                    Tri.UNKNOWN));
        }
        return new Result(new AccountsSection(accounts, guestEnabled), interactive, problems);
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

    /** {@code GroupMembership: root jane} (possibly continued on following lines starting with a space). */
    static Set<String> groupMembers(List<String> lines) {
        Set<String> out = new HashSet<>();
        for (String line : lines) {
            String t = line.startsWith("GroupMembership:") ? line.substring("GroupMembership:".length()) : line;
            if (t.contains(":")) {
                continue;
            }
            for (String m : t.trim().split("\\s+")) {
                if (!m.isEmpty()) {
                    out.add(m);
                }
            }
        }
        return out;
    }

}
