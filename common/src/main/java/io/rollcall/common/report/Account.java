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
 * @param hidden          {@code true} for an account the system hides from its login window and user lists (macOS
 *                        {@code IsHidden}, or a system-range UID with a login shell and home): still a way in, so
 *                        reported and flagged; {@code null} where the system has no such notion
 */
public record Account(String name, String nameHash, AccountKind kind, boolean admin, boolean disabled,
                      Tri passwordSet, Instant lastLoginAt, Integer loginCount, boolean interactive,
                      boolean isSchoolAccount, Boolean hidden) {

    /** An account on a system without hidden accounts ({@code hidden} is {@code null}). */
    public Account(String name, String nameHash, AccountKind kind, boolean admin, boolean disabled,
                   Tri passwordSet, Instant lastLoginAt, Integer loginCount, boolean interactive,
                   boolean isSchoolAccount) {
        this(name, nameHash, kind, admin, disabled, passwordSet, lastLoginAt, loginCount, interactive,
                isSchoolAccount, null);
    }

    /** The name if this is a school account, otherwise the hash: how screen-lock settings refer to it. */
    public String reference() {
        return name != null ? name : nameHash;
    }
}
