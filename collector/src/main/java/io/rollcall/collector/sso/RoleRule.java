package io.rollcall.collector.sso;

import io.rollcall.collector.http.Role;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One line of the admin's role mapping: people in this group, or with an e-mail address in this domain, get this
 * role. Rules are tried in order and the first match wins; someone no rule matches is refused.
 *
 * @param kind  {@code group} (a value of the ID token's {@code groups} claim: an Entra group's object id, a Google
 *              group's address) or {@code domain} (the e-mail address after the {@code @}, compared without case)
 */
public record RoleRule(String kind, String value, Role role) {
    public static final Set<String> KINDS = Set.of("group", "domain");

    public RoleRule {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind was '" + kind + "', must be group or domain");
        }
        if (value == null || value.isBlank() || value.length() > 320) {
            throw new IllegalArgumentException("value must be 1 to 320 characters");
        }
        value = kind.equals("domain") ? value.strip().toLowerCase(Locale.ROOT) : value.strip();
    }

    boolean matches(String email, List<String> groups) {
        if (kind.equals("group")) {
            return groups.contains(value);
        }
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at > 0 && email.substring(at + 1).toLowerCase(Locale.ROOT).equals(value);
    }

    /** The role of the first rule that matches, or null when none does. */
    public static Role first(List<RoleRule> rules, String email, List<String> groups) {
        for (RoleRule r : rules) {
            if (r.matches(email, groups)) {
                return r.role();
            }
        }
        return null;
    }
}
