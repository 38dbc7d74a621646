package io.rollcall.agent.probe.accounts;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.InputCache;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Local accounts from /etc/passwd, /etc/group and /etc/shadow, last login from /var/log/lastlog and login counts
 * from wtmp through {@code last}. Every account here is {@link AccountKind#LOCAL}: accounts served by sssd or winbind
 * are not in /etc/passwd and are not reported yet.
 *
 * <p>Interactive: uid at least UID_MIN (login.defs), not nobody (65534), and a shell that allows logins. root is
 * never "interactive" (nobody should use it for daily work and it would hide the real users), but it is reported so
 * that a root password is visible. Service accounts are reported only when they have a usable password or admin
 * rights, as those are the ones that matter for security; the rest would be noise.
 */
public final class LinuxAccountsProbe implements AccountsProbe {
    private static final int NOBODY = 65534;

    private final FileSource files;
    private final CommandRunner commands;
    private final Clock clock;
    private final ScanOptions options;

    private final InputCache cache;

    public LinuxAccountsProbe(FileSource files, CommandRunner commands, Clock clock, ScanOptions options) {
        this(files, commands, clock, options, null);
    }

    /** @param cache keeps the wtmp login counts while wtmp is unchanged; may be {@code null} */
    public LinuxAccountsProbe(FileSource files, CommandRunner commands, Clock clock, ScanOptions options,
                              InputCache cache) {
        this.files = files;
        this.commands = commands;
        this.clock = clock;
        this.options = options;
        this.cache = cache;
    }

    @Override
    public Result read() {
        List<String> problems = new ArrayList<>();
        List<UnixAccounts.PasswdEntry> users;
        try {
            users = UnixAccounts.parsePasswd(files.readLines("/etc/passwd"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /etc/passwd: " + e.getMessage(), e);
        }
        Map<String, Set<String>> groups = Map.of();
        try {
            groups = UnixAccounts.groupsByUser(files.readLines("/etc/group"), users);
        } catch (IOException e) {
            problems.add("cannot read /etc/group, admin rights unknown: " + e.getMessage());
        }
        Map<String, String[]> shadow = null;
        try {
            shadow = UnixAccounts.parseShadow(files.readLines("/etc/shadow"));
        } catch (IOException e) {
            problems.add("cannot read /etc/shadow (the agent needs root), password state unknown: " + e.getMessage());
        }
        int uidMin = 1000;
        try {
            uidMin = UnixAccounts.uidMin(files.readLines("/etc/login.defs"));
        } catch (IOException e) {
            // login.defs is optional; 1000 is the Debian default
        }
        Map<String, Integer> logins = loginCounts();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);

        List<Account> accounts = new ArrayList<>();
        List<LocalUser> interactive = new ArrayList<>();
        boolean guestAccount = false;
        for (UnixAccounts.PasswdEntry u : users) {
            boolean isInteractive = u.uid() >= uidMin && u.uid() != NOBODY && u.uid() != 0 && u.hasLoginShell();
            boolean admin = u.uid() == 0 || groups.getOrDefault(u.name(), Set.of()).stream()
                    .anyMatch(UnixAccounts.ADMIN_GROUPS::contains);
            UnixAccounts.ShadowState state = shadow == null ? new UnixAccounts.ShadowState(Tri.UNKNOWN, false)
                    : shadow.containsKey(u.name()) ? UnixAccounts.shadowState(shadow.get(u.name()), today)
                    : new UnixAccounts.ShadowState(Tri.UNKNOWN, false);
            if (!isInteractive && u.uid() != 0 && !admin && state.passwordSet() != Tri.YES) {
                continue;
            }
            boolean school = options.schoolAccountPattern() != null
                    && options.schoolAccountPattern().matcher(u.name()).matches();
            String name = school ? u.name() : null;
            String hash = school ? null : Hashes.accountNameHash(options.deviceSalt(), u.name());
            Account account = new Account(name, hash, AccountKind.LOCAL, admin, state.disabled(), state.passwordSet(),
                    lastLogin(u.uid()), logins == null ? null : logins.getOrDefault(u.name(), 0), isInteractive,
                    school);
            accounts.add(account);
            if (isInteractive) {
                interactive.add(new LocalUser(u.name(), u.uid(), u.home(), account.reference(), state.passwordSet()));
            }
            guestAccount |= u.name().equals("guest") && !state.disabled() && u.hasLoginShell();
        }
        Tri guest = Tri.of(guestAccount || lightdmGuest());
        return new Result(new AccountsSection(accounts, guest), interactive, problems);
    }

    private Instant lastLogin(int uid) {
        try {
            return UnixAccounts.lastlogTime(files.readBytes("/var/log/lastlog",
                    (long) uid * UnixAccounts.LASTLOG_RECORD, UnixAccounts.LASTLOG_RECORD));
        } catch (IOException e) {
            return null; // Debian 13 replaced lastlog with lastlog2; none recorded here
        }
    }

    /**
     * {@code null} when wtmp cannot be read, so the report says "not recorded" instead of zero. The counts depend on
     * wtmp alone (one per session line {@code last} prints for the user), so they are kept while wtmp keeps its size,
     * time and inode: logins, logouts and rotation all change one of them.
     */
    private Map<String, Integer> loginCounts() {
        if (!files.exists("/var/log/wtmp") || !files.exists("/usr/bin/last")) {
            return null;
        }
        if (cache == null) {
            return runLast();
        }
        List<String> kept = cache.lines("wtmp-logins", List.of("/var/log/wtmp"), () -> {
            Map<String, Integer> counts = runLast();
            return counts == null ? null : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .toList();
        });
        if (kept == null) {
            return null;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String line : kept) {
            int space = line.lastIndexOf(' ');
            counts.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
        }
        return counts;
    }

    private Map<String, Integer> runLast() {
        CommandResult r = commands.run(List.of("/usr/bin/last", "-w", "-f", "/var/log/wtmp"), Duration.ofSeconds(5));
        return r.ok() ? UnixAccounts.loginCounts(r.stdout()) : null;
    }

    private boolean lightdmGuest() {
        List<String> lines = new ArrayList<>();
        for (String dir : List.of("/usr/share/lightdm/lightdm.conf.d", "/etc/lightdm/lightdm.conf.d")) {
            for (String f : files.list(dir)) {
                if (f.endsWith(".conf")) {
                    readInto(dir + "/" + f, lines);
                }
            }
        }
        readInto("/etc/lightdm/lightdm.conf", lines);
        return files.exists("/usr/sbin/lightdm") && UnixAccounts.lightdmAllowsGuest(lines);
    }

    private void readInto(String path, List<String> lines) {
        try {
            lines.addAll(files.readLines(path));
        } catch (IOException e) {
            // absent files are the normal case
        }
    }
}
