package io.rollcall.agent.probe.accounts;

import io.rollcall.agent.os.windows.LocalAccountsSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who is an administrator on Windows, directly or through a group in the built-in Administrators group
 * (S-1-5-32-544). Local groups cannot be nested in Administrators, so the groups found there are well-known groups
 * (Everyone, Authenticated Users, Interactive: every person), a domain's Domain Users (every account of that domain),
 * other domain groups (Domain Admins, an AD group a technician added) and Microsoft Entra role SIDs (S-1-12-1-…, the
 * Global Administrator and Device Administrator roles). Membership of the last two lives in the directory; the
 * machine sees it only in the access token of a signed-in user, whose TokenGroups lists every nested group and
 * BUILTIN\Administrators itself. For users not signed in such membership stays unresolved and is named as a problem.
 */
final class WindowsAdministrators {
    /** Groups every signed-in person belongs to: Everyone, Interactive, Authenticated Users. */
    private static final Set<String> EVERY_PERSON = Set.of("S-1-1-0", "S-1-5-4", "S-1-5-11");
    static final String ADMINISTRATORS = "S-1-5-32-544";
    private static final long DOMAIN_USERS = 513;

    private final LocalAccountsSource local;
    private final Set<String> members = new HashSet<>();
    private final List<String> groups = new ArrayList<>();
    private final Set<String> unresolved = new LinkedHashSet<>();
    private final Set<String> machinePrefixes;
    private boolean everyPerson;
    private boolean readable = true;

    /**
     * @param knownAccounts SIDs of the accounts this machine knows (local users, profiles): a member SID that is none
     *                      of them is taken for a group even when the source cannot tell its kind
     * @param machinePrefixes SID prefixes (S-1-5-21-a-b-c-) of this machine's own accounts, which no directory group
     *                        or Entra role can hold
     */
    WindowsAdministrators(LocalAccountsSource local, Set<String> knownAccounts, Set<String> machinePrefixes,
                          List<String> problems) {
        this.local = local;
        this.machinePrefixes = machinePrefixes;
        try {
            for (LocalAccountsSource.Member m : local.administratorMembers()) {
                String sid = upper(m.sid());
                members.add(sid);
                if (EVERY_PERSON.contains(sid)) {
                    everyPerson = true;
                } else if (m.group() || !knownAccounts.contains(sid)) {
                    groups.add(sid);
                }
            }
        } catch (RuntimeException e) {
            readable = false;
            problems.add("cannot list the Administrators group, admin rights unknown: " + e.getMessage());
        }
    }

    /** Whether the account is an administrator; {@code person} is false for built-in service-like accounts. */
    boolean isAdmin(String accountSid, boolean person) {
        if (!readable) {
            return false;
        }
        String sid = upper(accountSid);
        if (members.contains(sid) || person && everyPerson) {
            return true;
        }
        int cut = sid.lastIndexOf('-');
        if (sid.startsWith("S-1-5-21-") && groups.contains(sid.substring(0, cut + 1) + DOMAIN_USERS)) {
            return true;
        }
        if (groups.isEmpty()) {
            return false;
        }
        Optional<List<String>> token;
        try {
            token = local.sessionGroupSids(accountSid);
        } catch (RuntimeException e) {
            token = Optional.empty();
        }
        if (token.isEmpty()) {
            if (!sid.startsWith("S-1-5-21-") || !isLocalMachineAccount(sid)) {
                unresolved.add(sid); // local accounts cannot be in domain groups or Entra roles
            }
            return false;
        }
        Set<String> inToken = new HashSet<>();
        token.get().forEach(s -> inToken.add(upper(s)));
        return inToken.contains(ADMINISTRATORS) || groups.stream().anyMatch(inToken::contains);
    }

    private boolean isLocalMachineAccount(String sid) {
        return machinePrefixes.stream().anyMatch(sid::startsWith);
    }

    /** The problem to report when group membership could not be resolved for some accounts; empty otherwise. */
    Optional<String> unresolvedProblem() {
        if (unresolved.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (String g : groups) {
            String name;
            try {
                name = local.accountName(g).orElse(g);
            } catch (RuntimeException e) {
                name = g;
            }
            names.add(name);
        }
        return Optional.of("admin rights through " + String.join(", ", names) + " in Administrators cannot be checked "
                + "for " + unresolved.size() + " account(s) not signed in (group membership is only visible in a "
                + "signed-in user's token); reported as not admin");
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
