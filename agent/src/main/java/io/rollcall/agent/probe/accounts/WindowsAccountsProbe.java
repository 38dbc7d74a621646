package io.rollcall.agent.probe.accounts;

import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.LocalAccountsSource.NetUser;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Accounts on Windows. Local accounts from NetUserEnum (disabled, password-not-required); administrators are the
 * members of the built-in Administrators group (S-1-5-32-544) by SID; Guest is the local account with RID 501.
 * Domain and Microsoft Entra accounts have no local entry: they are found as profiles under ProfileList
 * (S-1-5-21-… not of this machine is a domain account, S-1-12-1-… an Entra account), named by their profile
 * folder. Last logon is the profile's last load time (LocalProfileLoadTimeHigh/Low), which Windows writes at sign-in.
 *
 * <p>Interactive: local accounts with RID ≥ 1000, the built-in Administrator (500) when enabled, and every
 * domain or Entra profile. DefaultAccount (503) and WDAGUtilityAccount (504) are reported only when enabled.
 */
public final class WindowsAccountsProbe implements AccountsProbe {
    static final String PROFILE_LIST = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
    private static final long ADMINISTRATOR = 500, GUEST = 501;

    private final LocalAccountsSource local;
    private final Registry registry;
    private final ScanOptions options;

    public WindowsAccountsProbe(LocalAccountsSource local, Registry registry, ScanOptions options) {
        this.local = local;
        this.registry = registry;
        this.options = options;
    }

    /** A profile from ProfileList: where its folder is and when it was last loaded. */
    public record Profile(String sid, String path, Instant lastLoaded) {
        String folderName() {
            String p = path.replace('/', '\\');
            return p.substring(p.lastIndexOf('\\') + 1);
        }
    }

    @Override
    public Result read() {
        List<String> problems = new ArrayList<>();
        List<NetUser> users = local.users();
        Set<String> admins = new HashSet<>();
        try {
            local.administratorSids().forEach(s -> admins.add(s.toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            problems.add("cannot list the Administrators group, admin rights unknown: " + e.getMessage());
        }
        Map<String, Profile> profiles = new java.util.LinkedHashMap<>();
        for (Profile p : profiles(registry)) {
            profiles.put(p.sid().toUpperCase(Locale.ROOT), p);
        }
        List<Account> accounts = new ArrayList<>();
        List<LocalUser> interactive = new ArrayList<>();
        Tri guest = Tri.NO;
        Set<String> machinePrefixes = new HashSet<>();
        for (NetUser u : users) {
            long rid = u.rid();
            machinePrefixes.add(u.sid().substring(0, u.sid().lastIndexOf('-') + 1).toUpperCase(Locale.ROOT));
            if (rid == GUEST) {
                guest = Tri.of(!u.disabled());
                continue;
            }
            boolean isInteractive = rid >= 1000 || rid == ADMINISTRATOR && !u.disabled();
            if (!isInteractive && u.disabled()) {
                continue; // DefaultAccount, WDAGUtilityAccount, a disabled Administrator: nobody can use them
            }
            Profile profile = profiles.get(u.sid().toUpperCase(Locale.ROOT));
            Instant last = u.lastLogon() != null ? u.lastLogon() : profile == null ? null : profile.lastLoaded();
            Tri passwordSet = u.passwordRequired() ? Tri.YES : Tri.UNKNOWN;
            add(u.name(), AccountKind.LOCAL, admins.contains(u.sid().toUpperCase(Locale.ROOT)), u.disabled(),
                    passwordSet, last, isInteractive, rid, profile, accounts, interactive);
        }
        for (Profile p : profiles.values()) {
            String sid = p.sid().toUpperCase(Locale.ROOT);
            boolean entra = sid.startsWith("S-1-12-1-");
            boolean domain = sid.startsWith("S-1-5-21-")
                    && machinePrefixes.stream().noneMatch(sid::startsWith);
            if (!entra && !domain) {
                continue; // local accounts are above; S-1-5-18/19/20 are the system's own profiles
            }
            add(p.folderName(), entra ? AccountKind.CLOUD : AccountKind.DOMAIN, admins.contains(sid), false,
                    Tri.YES, p.lastLoaded(), true, -1, p, accounts, interactive);
        }
        return new Result(new AccountsSection(accounts, guest), interactive, problems);
    }

    private void add(String name, AccountKind kind, boolean admin, boolean disabled, Tri passwordSet, Instant last,
                     boolean isInteractive, long rid, Profile profile, List<Account> accounts,
                     List<LocalUser> interactive) {
        boolean school = options.schoolAccountPattern() != null
                ? options.schoolAccountPattern().matcher(name).matches() : kind != AccountKind.LOCAL;
        Account a = new Account(school ? name : null, school ? null : Hashes.accountNameHash(options.deviceSalt(),
                name), kind, admin, disabled, passwordSet, last, null, isInteractive, school);
        accounts.add(a);
        if (isInteractive) {
            interactive.add(new LocalUser(name, (int) rid, profile == null ? null : profile.path(), a.reference(),
                    passwordSet));
        }
    }

    /** The profiles under ProfileList that have a folder. */
    public static List<Profile> profiles(Registry registry) {
        List<Profile> out = new ArrayList<>();
        for (String sid : registry.subKeys(PROFILE_LIST)) {
            Map<String, Object> v = registry.values(PROFILE_LIST + "\\" + sid);
            if (!(v.get("ProfileImagePath") instanceof String path) || path.isBlank()) {
                continue;
            }
            Long high = Registry.number(v.get("LocalProfileLoadTimeHigh")).orElse(null);
            Long low = Registry.number(v.get("LocalProfileLoadTimeLow")).orElse(null);
            Instant loaded = high == null || low == null ? null
                    : Registry.filetime((high << 32) | low).orElse(null);
            out.add(new Profile(sid.endsWith(".bak") ? sid.substring(0, sid.length() - 4) : sid, path, loaded));
        }
        return out;
    }
}
