package io.rollcall.collector.interop;

import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Local users and groups of an OCS/FusionInventory inventory as Rollcall's accounts section. Admin is membership of
 * {@code sudo}, {@code wheel}, {@code admin} or {@code Administrators} (listed, or as the user's primary group), or uid 0.
 * Every local name is hashed with {@link Hashes#accountNameHash} and the device's salt, exactly as Rollcall's agent
 * does for accounts that are not the school's (with no school pattern set, local accounts are not). What these agents
 * do not collect (whether a password is set, locked state, logins, the guest account) stays unknown.
 */
final class OcsAccounts {
    /** The groups whose members administer the machine (Rollcall's agent uses the same three on Linux). */
    static final Set<String> ADMIN_GROUPS = Set.of("sudo", "wheel", "admin", "administrators");
    private static final int NOBODY = 65534;

    private OcsAccounts() {
    }

    static AccountsSection map(XmlNode content, boolean windows, String salt) {
        List<XmlNode> users = content.all("LOCAL_USERS");
        if (users.isEmpty()) {
            return null; // not collected at all: no section, so no account rule pretends to know
        }
        Map<String, Set<String>> groupsOf = new HashMap<>();
        Set<String> adminGids = new HashSet<>();
        for (XmlNode g : content.all("LOCAL_GROUPS")) {
            String name = g.value("NAME");
            if (name == null || !ADMIN_GROUPS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String gid = g.value("ID") != null ? g.value("ID") : g.value("ID_GROUP");
            if (gid != null) {
                adminGids.add(gid);
            }
            for (String member : g.values("MEMBER")) {
                groupsOf.computeIfAbsent(member, k -> new HashSet<>()).add(name);
            }
        }
        List<Account> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (XmlNode u : users) {
            String login = u.value("LOGIN");
            if (login == null || !seen.add(login)) {
                continue;
            }
            Integer uid = number(u.value("ID") != null ? u.value("ID") : u.value("ID_USER"));
            boolean admin = (uid != null && uid == 0) || (uid == null && login.equals("root"))
                    || groupsOf.containsKey(login) || (u.value("GID") != null && adminGids.contains(u.value("GID")));
            boolean interactive = windows || (uid != null && uid >= 1000 && uid != NOBODY && loginShell(u.value("SHELL")));
            if (!interactive && !admin) {
                continue; // system accounts: Rollcall's agent leaves them out too
            }
            out.add(new Account(null, Hashes.accountNameHash(salt, login), AccountKind.LOCAL, admin, false, Tri.UNKNOWN,
                    null, null, interactive, false));
        }
        return new AccountsSection(out, Tri.UNKNOWN);
    }

    private static boolean loginShell(String shell) {
        if (shell == null) {
            return false;
        }
        return !(shell.endsWith("/nologin") || shell.endsWith("/false") || shell.endsWith("/sync")
                || shell.endsWith("/shutdown") || shell.endsWith("/halt"));
    }

    private static Integer number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null; // a Windows SID: no uid
        }
    }
}
