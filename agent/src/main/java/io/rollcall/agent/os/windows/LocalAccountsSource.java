package io.rollcall.agent.os.windows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The local account database (Netapi32), behind a seam so the accounts probe runs against recorded output. */
public interface LocalAccountsSource {

    /**
     * One local account as NetUserEnum reports it.
     *
     * @param disabled         UF_ACCOUNTDISABLE
     * @param passwordRequired not UF_PASSWD_NOTREQD: when false, the password may be empty
     * @param lastLogon        the last logon recorded on this machine; {@code null} when never or not available
     */
    record NetUser(String name, String sid, boolean disabled, boolean passwordRequired, Instant lastLogon) {

        /** The relative id: the SID's last part (500 Administrator, 501 Guest, 1000+ people). */
        public long rid() {
            try {
                return Long.parseLong(sid.substring(sid.lastIndexOf('-') + 1));
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }

    /** The local accounts. Throws when the account database cannot be read at all. */
    List<NetUser> users();

    /** The SIDs of the members of the built-in Administrators group (S-1-5-32-544), whatever its local name. */
    List<String> administratorSids();

    /**
     * One member of the Administrators group as NetLocalGroupGetMembers reports it at level 1 or 2.
     *
     * @param group true when the member is itself a group (SidTypeGroup, SidTypeWellKnownGroup, SidTypeAlias): a
     *              domain group such as Domain Admins, an AD group a technician added, Everyone, or an Entra role
     */
    record Member(String sid, boolean group) {
    }

    /**
     * The members of the built-in Administrators group with their kind. Sources that cannot tell the kind list
     * {@link #administratorSids()} as users; the probe still treats well-known group SIDs and Entra role SIDs as
     * groups.
     */
    default List<Member> administratorMembers() {
        return administratorSids().stream().map(s -> new Member(s, false)).toList();
    }

    /**
     * The account's name as LookupAccountSid gives it, "DOMAIN\name" ("SCHOOL\jsmith", "AzureAD\JohnDoe");
     * empty when the SID cannot be resolved (the domain controller is out of reach, the account was deleted).
     */
    default Optional<String> accountName(String sid) {
        return Optional.empty();
    }

    /**
     * The group SIDs in the access token of the user's signed-in session (TokenGroups, which Windows fills with
     * every nested domain group, the Entra role SIDs and BUILTIN\Administrators even when UAC filters it); empty
     * when the user is not signed in or the token cannot be read.
     */
    default Optional<List<String>> sessionGroupSids(String userSid) {
        return Optional.empty();
    }
}
