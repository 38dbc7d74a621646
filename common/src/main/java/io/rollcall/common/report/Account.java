package io.rollcall.common.report;

import java.time.Instant;

/**
 * One user account. A school account carries its {@code name}; any other account carries only
 * {@code nameHash} (salted SHA-256, hex), so the collector learns that a personal account exists,
 * never what it is called.
 *
 * @param interactive     whether a person can log in with it (a login shell or desktop session); service accounts are not
 * @param passwordSet     whether a usable password is set; {@code NO} for an empty password
 * @param lastLoginAt     the last interactive login; {@code null} when never or not recorded
 * @param loginCount      interactive logins in the recorded history; {@code null} when not recorded
 */
public record Account(String name, String nameHash, AccountKind kind, boolean admin, boolean disabled,
                      Tri passwordSet, Instant lastLoginAt, Integer loginCount, boolean interactive,
                      boolean isSchoolAccount) {

    /** The name if this is a school account, otherwise the hash: how screen-lock settings refer to it. */
    public String reference() {
        return name != null ? name : nameHash;
    }
}
