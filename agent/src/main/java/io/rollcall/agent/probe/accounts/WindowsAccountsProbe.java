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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts on Windows. Local accounts from NetUserEnum (disabled, password-not-required); administrators are the
 * members of the built-in Administrators group (S-1-5-32-544), directly or through a group
 * ({@link WindowsAdministrators}); Guest is the local account with RID 501. Domain and Microsoft Entra accounts have
 * no local entry: they are found as profiles under ProfileList (S-1-5-21-… not of this machine is a domain account,
 * S-1-12-1-… an Entra account), named by LookupAccountSid or Windows' identity cache, the profile folder only when
 * neither knows the SID. Last logon is the profile's last load time (LocalProfileLoadTimeHigh/Low), which Windows writes at sign-in.
 *
 * <p>Interactive: local accounts with RID ≥ 1000, the built-in Administrator (500) when enabled, and every
 * domain or Entra profile. DefaultAccount (503) and WDAGUtilityAccount (504) are reported only when enabled.
 */
public final class WindowsAccountsProbe implements AccountsProbe {
    static final String PROFILE_LIST = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
    static final String IDENTITY_CACHE = "HKLM\\SOFTWARE\\Microsoft\\IdentityStore\\Cache";
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
        Map<String, Profile> profiles = new LinkedHashMap<>();
        for (Profile p : profiles(registry)) {
            profiles.put(p.sid().toUpperCase(Locale.ROOT), p);
        }
        Set<String> machinePrefixes = new HashSet<>();
        Set<String> known = new HashSet<>(profiles.keySet());
        for (NetUser u : users) {
            machinePrefixes.add(u.sid().substring(0, u.sid().lastIndexOf('-') + 1).toUpperCase(Locale.ROOT));
            known.add(u.sid().toUpperCase(Locale.ROOT));
        }
        WindowsAdministrators admins = new WindowsAdministrators(local, known, machinePrefixes, problems);
        List<Account> accounts = new ArrayList<>();
        List<LocalUser> interactive = new ArrayList<>();
        Tri guest = Tri.NO;
        for (NetUser u : users) {
            long rid = u.rid();
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
            add(u.name(), AccountKind.LOCAL, admins.isAdmin(u.sid(), isInteractive), u.disabled(),
                    passwordSet, last, isInteractive, rid, profile, accounts, interactive);
        }
        int namedByFolder = 0;
        for (Profile p : profiles.values()) {
            String sid = p.sid().toUpperCase(Locale.ROOT);
            boolean entra = sid.startsWith("S-1-12-1-");
            boolean domain = sid.startsWith("S-1-5-21-")
                    && machinePrefixes.stream().noneMatch(sid::startsWith);
            if (!entra && !domain) {
                continue; // local accounts are above; S-1-5-18/19/20 are the system's own profiles
            }
            String name = accountName(p.sid());
            if (name == null) {
                name = p.folderName();
                namedByFolder++;
            }
            add(name, entra ? AccountKind.CLOUD : AccountKind.DOMAIN, admins.isAdmin(p.sid(), true), false,
                    Tri.YES, p.lastLoaded(), true, -1, p, accounts, interactive);
        }
        admins.unresolvedProblem().ifPresent(problems::add);
        if (namedByFolder > 0) {
            problems.add(namedByFolder + " account(s) named by their profile folder: the SID could not be resolved "
                    + "(domain out of reach) and no cached identity was found");
        }
        return new Result(new AccountsSection(accounts, guest), interactive, problems);
    }

    /**
     * The account name without its domain: LookupAccountSid first, then the identity Windows caches for Entra and
     * domain sign-ins (IdentityStore\Cache), which answers offline; {@code null} when neither knows the SID. The
     * profile folder is only a last resort: Windows names it "jsmith.SCHOOL" or "jsmith.000" when the plain name was
     * taken.
     */
    private String accountName(String sid) {
        try {
            Optional<String> looked = local.accountName(sid);
            if (looked.isPresent() && !looked.get().isBlank()) {
                String n = looked.get();
                return n.substring(n.lastIndexOf('\\') + 1);
            }
        } catch (RuntimeException e) {
            // fall through to the cache
        }
        String cached = IDENTITY_CACHE + "\\" + sid + "\\IdentityCache\\" + sid;
        return registry.string(cached, "SAMName").filter(s -> !s.isBlank())
                .or(() -> registry.string(cached, "UserName").filter(s -> !s.isBlank()))
                .orElse(null);
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

    /**
     * The profiles under ProfileList that have a folder, one per SID: a "SID.bak" key (Windows' backup when a
     * profile failed to load) is used only when the live key is missing.
     */
    public static List<Profile> profiles(Registry registry) {
        Map<String, Profile> out = new LinkedHashMap<>();
        for (String sid : registry.subKeys(PROFILE_LIST)) {
            Map<String, Object> v = registry.values(PROFILE_LIST + "\\" + sid);
            if (!(v.get("ProfileImagePath") instanceof String path) || path.isBlank()) {
                continue;
            }
            Long high = Registry.number(v.get("LocalProfileLoadTimeHigh")).orElse(null);
            Long low = Registry.number(v.get("LocalProfileLoadTimeLow")).orElse(null);
            Instant loaded = high == null || low == null ? null
                    : Registry.filetime((high << 32) | low).orElse(null);
            boolean bak = sid.toLowerCase(Locale.ROOT).endsWith(".bak");
            Profile p = new Profile(bak ? sid.substring(0, sid.length() - 4) : sid, path, loaded);
            String id = p.sid().toUpperCase(Locale.ROOT);
            if (bak) {
                out.putIfAbsent(id, p); // Windows' backup of a profile it could not load: only when no live one
            } else {
                out.put(id, p);
            }
        }
        return new ArrayList<>(out.values());
    }
}
